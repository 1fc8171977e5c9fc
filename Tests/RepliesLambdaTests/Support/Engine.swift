import Foundation
import InMemoryBackend
import LambdaRuntime
import Logging
import RepliesCore
import Synchronization

/// The batch use case on in-memory ports, with a manual clock and small model/sender doubles.
struct Engine: Sendable {
    let clock = ManualClock()
    let queue: InMemoryTriggerQueue
    let conversations = InMemoryConversationStore()
    let stage = InMemoryFragmentStage()
    let locks = InMemoryTriggerLocks()
    let secrets = InMemorySecrets([
        "twilio-test": ["twilio_account_sid": "AC00000000000000000000000000000000", "twilio_auth_token": "fake-token-not-real"],
        "openai-test": ["ai_api_key": "sk-test-not-a-real-key"],
    ])
    let model = ScriptedModel()
    let sender = RecordingSender()
    let handoff = RecordingHandoffNotifier()
    let processor: BatchProcessor

    init() {
        queue = InMemoryTriggerQueue(clock: clock)
        let ports = EnginePorts(
            conversations: conversations, stage: stage, locks: locks, queue: queue, secrets: secrets, model: model,
            sender: sender, handoff: handoff, verifier: AcceptingVerifier(), clock: clock)
        processor = BatchProcessor(ports: ports, settings: EngineSettings(), logger: Logger.silent)
    }

    static let user = "+447700900123"
    static let company = "+15005550006"

    /// A conversation the template sender started, ready to be answered.
    func addConversation(_ id: String, extra: Record = [:]) async throws {
        var record: Record = [
            "primary_channel": .string(Self.user), "conversation_id": .string(id),
            "channel_method": .string("whatsapp"), "conversation_status": .string("initial_message_sent"),
            "gsi_company_whatsapp_number": .string(Self.company), "gsi_recipient_tel": .string(Self.user),
            "channel_config": .map(["company_whatsapp_number": .string(Self.company), "whatsapp_credentials_id": .string("twilio-test")]),
            "ai_config": .map(["api_key_reference": .string("openai-test")]),
            "messages": .list([]), "task_complete": .int(0),
        ]
        record.merge(extra) { _, new in new }
        try await conversations.put(record)
    }

    func stageFragment(_ conversationId: String, sid: String, body: String) async throws {
        _ = try await stage.stage(
            Fragment(
                conversationId: conversationId, messageSid: sid, primaryChannel: Self.user, channel: .whatsapp,
                body: body, receivedAt: clock.now()))
    }

    /// Puts triggers on the in-memory queue and receives them, as SQS does before invoking Lambda.
    func deliver(_ bodies: [String]) async throws -> [TriggerDelivery] {
        for body in bodies { await queue.enqueueRaw(body, channel: .whatsapp) }
        return try await queue.receive(max: bodies.count, wait: .zero, visibility: .seconds(720))
    }

    static func trigger(_ conversationId: String) -> String {
        Trigger(conversationId: conversationId, primaryChannel: user).encodedBody()
    }

    func context(deadlineIn seconds: Double = 120) -> LambdaContext {
        LambdaContext(requestId: "req-test", deadline: clock.now().addingTimeInterval(seconds), logger: Logger.silent)
    }
}

extension Logger {
    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
}

struct AcceptingVerifier: SignatureVerifier {
    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool { true }
}

/// Answers every prompt with the same reply.
final class ScriptedModel: ReplyModel {
    private let calls = Mutex(0)
    var callCount: Int { calls.withLock { $0 } }

    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        calls.withLock { $0 += 1 }
        return ModelReply(
            content: "Thanks, noted.", handOffToHuman: false, handOffToHumanReason: nil, taskComplete: false,
            usage: TokenUsage(prompt: 10, completion: 5, total: 15))
    }
}

/// Accepts every message, recording it.
final class RecordingSender: MessageSender {
    private let sent = Mutex<[OutboundMessage]>([])
    var messages: [OutboundMessage] { sent.withLock { $0 } }

    func send(_ message: OutboundMessage) async throws -> SentMessage {
        let count = sent.withLock { sent in
            sent.append(message)
            return sent.count
        }
        return SentMessage(sid: String(format: "SM%032d", count), body: message.body)
    }

    func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] {
        []
    }
}

/// Wraps a queue and throws from the listed operations, to check one record's failure stays its own.
struct FaultyTriggerSource: TriggerSource {
    struct Injected: Error {}
    let base: InMemoryTriggerQueue
    let failingReceipts: Set<String>

    func receive(max: Int, wait: Duration, visibility: Duration) async throws -> [TriggerDelivery] {
        try await base.receive(max: max, wait: wait, visibility: visibility)
    }
    func complete(_ delivery: TriggerDelivery) async throws {
        try check(delivery)
        try await base.complete(delivery)
    }
    func retry(_ delivery: TriggerDelivery, after delay: Duration) async throws {
        try check(delivery)
        try await base.retry(delivery, after: delay)
    }
    func extend(_ delivery: TriggerDelivery, by visibility: Duration) async throws {
        try check(delivery)
        try await base.extend(delivery, by: visibility)
    }
    func deadLetter(_ delivery: TriggerDelivery, reason: String) async throws {
        try check(delivery)
        try await base.deadLetter(delivery, reason: reason)
    }
    private func check(_ delivery: TriggerDelivery) throws {
        if failingReceipts.contains(delivery.receipt) { throw Injected() }
    }
}
