import AWSBackend
import AWSCore
import Foundation
import Logging
import RepliesCore
import Synchronization
import Testing

/// DynamoDB refuses the writes of a batch for good (moto enforces the 400 KB item limit): the
/// batch still ends, its messages are marked failed instead of waiting for a sweeper that
/// would call the model again on every pass.
@Suite("Failures that cannot be recorded, on moto")
struct UnrecordableFailureMotoTests {
    final class CountingModel: ReplyModel {
        let calls = Mutex(0)
        func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
            calls.withLock { $0 += 1 }
            return ModelReply(
                content: "Noted, thank you.", handOffToHuman: false, handOffToHumanReason: nil, taskComplete: false,
                usage: TokenUsage(prompt: 10, completion: 4, total: 14))
        }
    }

    @Test("a record the template sender filled to the item limit ends the batch as failed, nothing left pending")
    func itemLimit() async throws {
        try await MotoBackend.with { backend in
            // Project data the template sender wrote: the record is a few KB below the limit.
            var item = TemplateSenderRecords.item()
            let size = ItemSize.of(try Record(item: item)) + 200
            item["project_data"] = .m(["notes": .s(String(repeating: "n", count: 400_000 - size))])
            (item, _) = try await backend.putConversation(item)
            let model = CountingModel()
            let ports = backend.ports.enginePorts(model: model, sender: EndToEndMotoTests.RecordingSender(), verifier: EndToEndMotoTests.AcceptingVerifier())
            let key = try Conversation(record: try Record(item: item)).key
            _ = try await backend.ports.stage.stage(Fragment(
                conversationId: key.conversationId, messageSid: "SM00000000000000000000000000000001", primaryChannel: key.primaryChannel,
                channel: .whatsapp, body: String(repeating: "A long question about the lease. ", count: 300), receivedAt: Date()))

            let processor = BatchProcessor(ports: ports, settings: EngineSettings(), logger: Logger(label: "moto-unrecordable"))
            guard case .deadLetter(let reason) = await processor.process(Trigger(key), channel: .whatsapp, attempt: 1) else {
                Issue.record("expected the batch to end as a dead letter")
                return
            }
            #expect(reason.contains("marked failed"))
            #expect(try await backend.ports.stage.pendingFragments(conversationId: key.conversationId).isEmpty)
            let future = Date().addingTimeInterval(86_400)
            #expect(try await backend.ports.stage.conversationsToSweep(receivedBefore: future, now: future, limit: 10).isEmpty,
                    "nothing for the sweeper to run again")
            let record = try #require(try await backend.ports.conversations.conversation(key))
            #expect(record.status == ConversationStatus.replyFailed)
            #expect(record.messages.count == 1, "the turns were not appended")
            #expect(record.pendingReply == nil)
            #expect(model.calls.withLock { $0 } == 1)
        }
    }
}
