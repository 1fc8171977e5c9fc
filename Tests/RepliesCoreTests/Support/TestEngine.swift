import Foundation
import InMemoryBackend
import Logging
import RepliesCore

/// The engine on in-memory ports, a manual clock and the scripted doubles, with helpers that
/// play Twilio (webhooks) and the queue consumer (deliver due triggers, settle them).
struct TestEngine: Sendable {
    let clock: ManualClock
    let conversations: InMemoryConversationStore
    let archive: InMemoryTurnArchive
    let stage: InMemoryFragmentStage
    let locks: InMemoryTriggerLocks
    let queue: InMemoryTriggerQueue
    let secrets: InMemorySecrets
    let model: ScriptedReplyModel
    let sender: ScriptedMessageSender
    let emailSender: ScriptedEmailSender
    let handoff: RecordingHandoffNotifier
    let companies: InMemoryCompanyDirectory
    let budgets: InMemoryReplyBudgets
    let faults: Faults
    let settings: EngineSettings
    let ports: EnginePorts
    let ingest: Ingest
    let processor: BatchProcessor

    static let logger = Logger(label: "replies-core-tests")

    init(
        records: [Record] = [Fixture.record()], settings: EngineSettings = EngineSettings(),
        model: ScriptedReplyModel = ScriptedReplyModel(), useCompanyDirectory: Bool = false,
        start: Date = Date(timeIntervalSince1970: 1_767_225_600)
    ) async throws {
        clock = ManualClock(start)
        conversations = InMemoryConversationStore()
        archive = InMemoryTurnArchive()
        stage = InMemoryFragmentStage()
        locks = InMemoryTriggerLocks()
        queue = InMemoryTriggerQueue(clock: clock)
        secrets = InMemorySecrets(EmailFixture.secrets)
        self.model = model
        sender = ScriptedMessageSender(clock: clock)
        emailSender = ScriptedEmailSender()
        handoff = RecordingHandoffNotifier()
        companies = InMemoryCompanyDirectory()
        budgets = InMemoryReplyBudgets()
        faults = Faults()
        self.settings = settings
        ports = EnginePorts(
            conversations: FaultyConversationStore(inner: conversations, faults: faults),
            archive: FaultyTurnArchive(inner: archive, faults: faults),
            stage: FaultyFragmentStage(inner: stage, faults: faults),
            locks: locks,
            queue: FaultyTriggerQueue(inner: queue, faults: faults),
            secrets: secrets, model: model, sender: sender, handoff: handoff,
            verifier: FixedSignatureVerifier(),
            budgets: budgets,
            companies: useCompanyDirectory ? companies : nil,
            clock: clock, emailSender: emailSender)
        ingest = Ingest(ports: ports, settings: settings, logger: Self.logger)
        processor = BatchProcessor(ports: ports, settings: settings, logger: Self.logger)
        for record in records { try await conversations.put(record) }
    }

    // MARK: - Twilio side

    static func webhook(
        sid: String, body: String, from: String = Fixture.user, to: String = Fixture.company,
        media: [MediaItem] = [], signature: String? = Fixture.signature, channel: Channel = .whatsapp
    ) -> InboundWebhook {
        let message = InboundMessage(
            from: channel.addressPrefix + from, to: channel.addressPrefix + to, body: body, messageSid: sid,
            accountSid: Fixture.accountSid, media: media)
        var fields = [
            FormField("MessageSid", sid), FormField("AccountSid", Fixture.accountSid),
            FormField("From", message.from), FormField("To", message.to), FormField("Body", body),
            FormField("NumMedia", String(media.count)),
        ]
        for (index, item) in media.enumerated() {
            fields.append(FormField("MediaUrl\(index)", item.url))
            fields.append(FormField("MediaContentType\(index)", item.contentType))
        }
        return InboundWebhook(
            channel: channel, url: "https://replies.example.test" + channel.webhookPath, fields: fields,
            signature: signature, message: message)
    }

    /// Delivers inbound message number `n` (SID ``Fixture/sid(_:)``).
    @discardableResult
    func receive(_ n: Int, _ body: String, media: [MediaItem] = []) async -> IngestOutcome {
        await ingest.handle(Self.webhook(sid: Fixture.sid(n), body: body, media: media))
    }

    // MARK: - Queue consumer side

    func process(attempt: Int = 1) async -> BatchOutcome {
        await processor.process(Fixture.trigger, channel: .whatsapp, attempt: attempt)
    }

    /// Receives every trigger due now, processes each and settles it as ``TriggerWorker`` does.
    /// A run that crashed (see ``Faults``) leaves its trigger unsettled, as a dead worker would.
    @discardableResult
    func runDue(visibility: Duration = .seconds(120)) async throws -> [BatchOutcome] {
        var outcomes: [BatchOutcome] = []
        for delivery in try await queue.receive(max: 100, wait: .zero, visibility: visibility) {
            guard let trigger = Trigger(body: delivery.body) else {
                try await queue.deadLetter(delivery, reason: "malformed")
                continue
            }
            let outcome = await processor.process(trigger, channel: delivery.channel, attempt: delivery.receiveCount)
            if faults.crashed { continue }
            switch outcome {
            case .done: try await queue.complete(delivery)
            case .retry(let after, _): try await queue.retry(delivery, after: after)
            case .deadLetter(let reason): try await queue.deadLetter(delivery, reason: reason)
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Plays virtual time forward, delivering triggers as they become due, until the queue is
    /// empty (or `maxSteps` deliveries rounds passed). Restarts storage after a crash.
    @discardableResult
    func runUntilIdle(maxSteps: Int = 50) async throws -> [BatchOutcome] {
        var outcomes: [BatchOutcome] = []
        for _ in 0..<maxSteps {
            if faults.crashed { faults.restart() }
            let pending = await queue.pending
            guard let next = pending.map(\.visibleAt).min() else { return outcomes }
            if next > clock.now() { clock.set(next) }
            outcomes += try await runDue()
        }
        return outcomes
    }

    // MARK: - Inspection

    func record(_ key: ConversationKey = Fixture.key) async throws -> Record {
        guard let conversation = try await conversations.conversation(key) else { throw TestError.missingRecord(key) }
        return conversation.record
    }

    /// `messages` entries after the template sender's first one, as raw maps.
    func newEntries(_ key: ConversationKey = Fixture.key) async throws -> [Record] {
        let all = try await record(key).list("messages") ?? []
        return all.dropFirst().compactMap(\.mapValue)
    }

    func outcomes(_ conversationId: String = Fixture.conversationId) async -> [String: FragmentOutcome?] {
        await stage.allOutcomes(conversationId: conversationId)
    }

    func pendingSids(_ conversationId: String = Fixture.conversationId) async throws -> [String] {
        try await stage.pendingFragments(conversationId: conversationId).map(\.messageSid)
    }
}

enum TestError: Error {
    case missingRecord(ConversationKey)
}
