import AWSBackend
import AWSCore
import Foundation
import Logging
import RepliesCore
import Synchronization
import Testing

/// The core's two use cases on the AWS ports over moto, with small doubles for the model, the
/// sender and the signature check: webhook → stage + lock + delayed SQS trigger →
/// TriggerWorker.handle → the final record.
@Suite("End to end on moto")
struct EndToEndMotoTests {
    struct AcceptingVerifier: SignatureVerifier {
        func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool {
            signature == "valid-signature" && authToken == "fake-auth-token"
        }
    }

    final class ScriptedModel: ReplyModel {
        let prompts = Mutex<[String]>([])
        func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
            prompts.withLock { $0.append(apiKey) }
            return ModelReply(
                content: "Great, 9am on 1 June is booked.", handOffToHuman: false, handOffToHumanReason: nil, taskComplete: false,
                usage: TokenUsage(prompt: 1893, completion: 61, total: 1954))
        }
    }

    final class RecordingSender: MessageSender {
        let sent = Mutex<[OutboundMessage]>([])
        func send(_ message: OutboundMessage) async throws -> SentMessage {
            let count = sent.withLock { $0.append(message); return $0.count }
            return SentMessage(sid: String(format: "SM%032d", count), body: message.body, dateCreated: Date())
        }
        func sentMessages(channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials) async throws -> [SentMessage] {
            []
        }
    }

    func webhook(sid: String, body: String) -> InboundWebhook {
        let fields = [FormField("MessageSid", sid), FormField("From", "whatsapp:\(TemplateSenderRecords.user)"), FormField("To", "whatsapp:\(TemplateSenderRecords.company)"), FormField("Body", body)]
        return InboundWebhook(
            channel: .whatsapp, url: "https://replies.example.com/whatsapp", fields: fields, signature: "valid-signature",
            message: InboundMessage(from: "whatsapp:\(TemplateSenderRecords.user)", to: "whatsapp:\(TemplateSenderRecords.company)", body: body, messageSid: sid,
                                    accountSid: "AC00000000000000000000000000000000"))
    }

    @Test("two fragments become one answered batch, recorded in the contract shape")
    func flow() async throws {
        try await MotoBackend.with { backend in
            let plan = backend.report.plan
            let twilioSecret = MotoBackend.unique("test/whatsapp-credentials")
            let openAISecret = MotoBackend.unique("test/openai-api-key")
            var item = TemplateSenderRecords.item()
            item["channel_config"] = .m(["company_whatsapp_number": .s(TemplateSenderRecords.company), "whatsapp_credentials_id": .s(twilioSecret)])
            item["ai_config"] = .m(["api_key_reference": .s(openAISecret), "assistant_id_replies": .s("asst_ExampleReplies00001")])
            try await backend.dynamo.putItem(table: plan.conversationsTable, item: item)
            try await AWSSeeder(ports: backend.ports).seedSecrets([
                twilioSecret: ["twilio_account_sid": "AC00000000000000000000000000000000", "twilio_auth_token": "fake-auth-token"],
                openAISecret: ["ai_api_key": "sk-test-fake"],
            ])

            let model = ScriptedModel()
            let sender = RecordingSender()
            let ports = backend.ports.enginePorts(model: model, sender: sender, verifier: AcceptingVerifier())
            var settings = EngineSettings()
            settings.batchWindow = .seconds(2)
            let logger = Logger(label: "e2e")
            let ingest = Ingest(ports: ports, settings: settings, logger: logger)

            let firstIngest = ContinuousClock.now
            #expect(await ingest.handle(webhook(sid: "SM00000000000000000000000000000001", body: "Hi, yes 1 June works")) == .accepted)
            #expect(await ingest.handle(webhook(sid: "SM00000000000000000000000000000002", body: "Can I collect keys at 9am?")) == .accepted)
            #expect(await ingest.handle(webhook(sid: "SM00000000000000000000000000000002", body: "Can I collect keys at 9am?")) == .accepted, "a pending duplicate")

            let conversationId = try #require(item["conversation_id"]?.stringValue)
            #expect(try await backend.ports.stage.pendingFragments(conversationId: conversationId).count == 2)
            #expect(try await backend.dynamo.getItem(table: plan.lockTable, key: ["conversation_id": .s(conversationId)]) != nil, "trigger lock held")
            let source = backend.ports.triggers
            // moto is shared by the whole parallel suite and can answer slowly: a trigger seen
            // early is a failure only if it came back within the batch window.
            var deliveries = try await source.receive(max: 10, wait: .zero, visibility: .seconds(60))
            #expect(deliveries.isEmpty || ContinuousClock.now - firstIngest >= settings.batchWindow, "the trigger waits out the batch window")
            for _ in 0..<6 where deliveries.isEmpty {
                deliveries = try await source.receive(max: 1, wait: .seconds(4), visibility: .seconds(60))
            }
            let delivery = try #require(deliveries.first, "the trigger arrives once the batch window has passed")
            #expect(delivery.channel == .whatsapp && delivery.receiveCount == 1)
            let worker = TriggerWorker(source: source, processor: BatchProcessor(ports: ports, settings: settings, logger: logger), logger: logger)
            await worker.handle(delivery)

            // Exactly one reply, to the user, from the company, with the tenant's credentials.
            let sent = sender.sent.withLock { $0 }
            #expect(sent.count == 1)
            #expect(sent.first?.to.value == TemplateSenderRecords.user && sent.first?.from.value == TemplateSenderRecords.company)
            #expect(sent.first?.credentials.accountSid == "AC00000000000000000000000000000000")
            #expect(model.prompts.withLock { $0 } == ["sk-test-fake"])

            let key: DynamoDBItem = ["primary_channel": .s(TemplateSenderRecords.user), "conversation_id": .s(conversationId)]
            let final = try #require(try await backend.dynamo.getItem(table: plan.conversationsTable, key: key))
            #expect(final["conversation_status"] == .s("reply_sent"))
            #expect(final["task_complete"] == .n("0"))
            #expect(final["hand_off_to_human"] == .bool(false))
            #expect(final["reply_lease_owner"] == nil && final["reply_lease_expires_at"] == nil && final["pending_reply"] == nil)
            for name in ["created_at", "initial_processing_time_ms", "thread_id", "email_id", "hand_off_to_human_reason", "project_data", "company_rep"] {
                #expect(final[name] == item[name], "\(name) untouched")
            }
            guard case .l(let messages)? = final["messages"], messages.count == 3,
                  case .m(let user) = messages[1], case .m(let assistant) = messages[2]
            else { Issue.record("messages: \(String(describing: final["messages"]))"); return }
            #expect(Set(user.keys) == ["message_id", "timestamp", "role", "content"])
            #expect(user["message_id"] == .s("SM00000000000000000000000000000001"))
            #expect(user["role"] == .s("user"))
            #expect(user["content"] == .s("Hi, yes 1 June works\nCan I collect keys at 9am?"))
            #expect(Set(assistant.keys) == ["message_id", "timestamp", "role", "content", "prompt_tokens", "completion_tokens", "total_tokens"])
            #expect(assistant["message_id"] == .s(String(format: "SM%032d", 1)))
            #expect(assistant["content"] == .s("Great, 9am on 1 June is booked."))
            #expect(assistant["prompt_tokens"] == .n("1893") && assistant["total_tokens"] == .n("1954"))

            // Settled: the trigger is gone, the fragments are done, the lock is free, retries are no-ops.
            #expect(try await source.receive(max: 10, wait: .seconds(1), visibility: .zero).isEmpty)
            #expect(try await backend.ports.stage.pendingFragments(conversationId: conversationId).isEmpty)
            #expect(await ingest.handle(webhook(sid: "SM00000000000000000000000000000001", body: "Hi, yes 1 June works")) == .duplicate)
            #expect(try await backend.ports.locks.acquire(conversationId: conversationId, now: Date(), expiresAt: Date().addingTimeInterval(5)))

            for secret in [twilioSecret, openAISecret] { try await backend.ports.secretsManager.deleteSecret(id: secret) }
        }
    }
}
