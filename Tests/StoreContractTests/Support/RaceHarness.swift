import Foundation
import InMemoryBackend
import Logging
import RepliesCore
import Synchronization

/// Both use cases on one backend's real stores (SQLite, DynamoDB on moto, or in memory), with
/// several ``TriggerWorker``s handling due triggers concurrently, zero-latency model and sender
/// fakes, and a manual clock that moves only while no worker is busy (so a lease never expires
/// under a worker that is still running: races here are real concurrency, not timeouts).
final class RaceHarness: Sendable {
    static let company = "+15005550006"
    let fixture: StoreFixture
    let clock: ManualClock
    let queue: InMemoryTriggerQueue
    let model: RaceModel
    let sender: RaceSender
    let ingest: Ingest
    let workers: [TriggerWorker]
    let settings: EngineSettings
    let conversations: Int
    /// Tokens delivered per conversation index (each message body is one unique token).
    private let inbound = Mutex<[Int: Set<String>]>([:])
    private let sids = Mutex(0)

    init(fixture: StoreFixture, conversations: Int, workers: Int) {
        self.fixture = fixture
        self.conversations = conversations
        let clock = ManualClock()
        let queue = InMemoryTriggerQueue(clock: clock)
        let model = RaceModel()
        let sender = RaceSender(clock: clock)
        self.clock = clock
        self.queue = queue
        self.model = model
        self.sender = sender
        var settings = EngineSettings()
        settings.batchWindow = .seconds(10)
        settings.maxAttempts = 1_000  // about duplicates and losses, not giving up
        settings.budgets = ReplyBudgetSettings()
        settings.budgets.conversationPerHour = 0  // about concurrency, not cost: many batches per conversation
        settings.budgets.conversationPerDay = 0
        self.settings = settings
        let secrets = InMemorySecrets([
            "twilio-race": ["twilio_account_sid": "AC" + String(repeating: "0", count: 32), "twilio_auth_token": "race-token-not-real"],
            "openai-race": ["ai_api_key": "sk-race-not-a-real-key"],
        ])
        var ports = EnginePorts(
            conversations: fixture.conversations, archive: fixture.archive, stage: fixture.stage, locks: fixture.locks,
            queue: queue, secrets: secrets, model: model, sender: sender, handoff: RecordingHandoffNotifier(),
            verifier: AcceptingVerifier(), budgets: fixture.budgets, clock: clock)
        ports.batchCommits = fixture.batchCommits
        let logger = Logger(label: "race", factory: { _ in SwiftLogNoOpLogHandler() })
        ingest = Ingest(ports: ports, settings: settings, logger: logger)
        let processor = BatchProcessor(ports: ports, settings: settings, logger: logger)
        self.workers = (0..<max(1, workers)).map { _ in TriggerWorker(source: queue, processor: processor, logger: logger) }
    }

    func user(_ index: Int) -> String { "+4477009002" + String(format: "%02ld", index) }

    func key(_ index: Int) -> ConversationKey {
        ConversationKey(primaryChannel: user(index), conversationId: "ci-race#pi-race#conversation-\(index)#\(Self.company.dropFirst())")
    }

    /// Puts one template-sender-shaped record per conversation.
    func seed() async throws {
        for index in 0..<conversations {
            let key = key(index)
            try await fixture.conversations.put([
                "primary_channel": .string(key.primaryChannel), "conversation_id": .string(key.conversationId),
                "channel_method": .string("whatsapp"), "conversation_status": .string("initial_message_sent"),
                "project_status": .string("active"), "allowed_channels": .list([.string("whatsapp")]),
                "gsi_company_whatsapp_number": .string(Self.company), "gsi_recipient_tel": .string(key.primaryChannel),
                "channel_config": .map([
                    "company_whatsapp_number": .string(Self.company), "whatsapp_credentials_id": .string("twilio-race"),
                ]),
                "ai_config": .map(["api_key_reference": .string("openai-race")]),
                "messages": .list([]), "task_complete": .int(0), "created_at": .string("2026-11-24T09:30:12.345678+00:00Z"),
            ])
        }
    }

    /// A new message for conversation `index`: a fresh SID whose body is the token `r<i>m<n>x`.
    func newMessage(_ index: Int) -> (sid: String, token: String) {
        let number = sids.withLock { count in
            count += 1
            return count
        }
        return (String(format: "SM%032ld", number), "r\(index)m\(number)x")
    }

    /// Delivers a webhook as Twilio would (again after a 503); the message is then owed a reply.
    func deliver(_ index: Int, sid: String, token: String) async {
        let message = InboundMessage(from: "whatsapp:" + user(index), to: "whatsapp:" + Self.company, body: token, messageSid: sid, accountSid: "AC" + String(repeating: "0", count: 32))
        let webhook = InboundWebhook(channel: .whatsapp, url: "https://race.example.test/whatsapp", fields: [], signature: "s", message: message)
        for _ in 0..<20 {
            let outcome = await ingest.handle(webhook)
            if case .unavailable = outcome { continue }
            if outcome == .accepted || outcome == .duplicate { inbound.withLock { _ = $0[index, default: []].insert(token) } }
            return
        }
    }

    /// How many distinct messages ingest accepted (a check that the run exercised something).
    var deliveredCount: Int { inbound.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    /// An extra copy of a conversation's trigger, due with the batch window (as a redelivery would be).
    func duplicateTrigger(_ index: Int) async throws {
        try await queue.enqueue(Trigger(key(index)), channel: .whatsapp, delay: settings.batchWindow)
    }

    /// Runs rounds until the queue is empty: every due trigger is handed to a worker at once;
    /// when nothing is due the clock jumps to the next visible trigger. Returns false if it did not drain.
    func drain(maxRounds: Int = 400) async throws -> Bool {
        for _ in 0..<maxRounds {
            let due = try await queue.receive(max: 1_000, wait: .zero, visibility: .seconds(120))
            if due.isEmpty {
                guard let next = await queue.pending.map(\.visibleAt).min() else { return true }
                if next > clock.now() { clock.set(next) }
                continue
            }
            await withTaskGroup(of: Void.self) { group in
                for (offset, delivery) in due.enumerated() {
                    let worker = workers[offset % workers.count]
                    group.addTask { await worker.handle(delivery) }
                }
            }
        }
        return false
    }

    /// The guarantees over the whole run; one line per violation.
    func violations() async throws -> [String] {
        var problems: [String] = []
        var assistantSids: [String] = []
        let delivered = inbound.withLock { $0 }
        for index in 0..<conversations {
            let key = key(index)
            guard let conversation = try await fixture.conversations.conversation(key) else {
                problems.append("conversation \(index) disappeared")
                continue
            }
            let user = conversation.messages.filter { $0.role == .user }
            let assistant = conversation.messages.filter { $0.role == .assistant }
            assistantSids += assistant.map(\.messageId)
            var seen: [String: Int] = [:]
            for turn in user {
                for token in turn.content.split(whereSeparator: \.isNewline).map(String.init) { seen[token, default: 0] += 1 }
            }
            for token in delivered[index] ?? [] where seen[token] != 1 {
                problems.append("conversation \(index): message \(token) is in \(seen[token] ?? 0) user turns")
            }
            for token in seen.keys where !(delivered[index] ?? []).contains(token) {
                problems.append("conversation \(index): \(token) was recorded but never delivered here")
            }
            if user.count != assistant.count { problems.append("conversation \(index): \(user.count) user vs \(assistant.count) assistant turns") }
            if conversation.lease != nil { problems.append("conversation \(index): lease still held") }
            if conversation.pendingReply != nil { problems.append("conversation \(index): pending reply left") }
            let pending = try await fixture.stage.pendingFragments(conversationId: key.conversationId)
            if !pending.isEmpty { problems.append("conversation \(index): \(pending.count) fragments still pending") }
        }
        // One send per batch: every send is exactly one recorded assistant turn.
        let sent = sender.sent.map(\.sent.sid)
        if Set(sent).count != sent.count || Set(sent) != Set(assistantSids) || assistantSids.count != sent.count {
            problems.append("\(sent.count) sends vs \(assistantSids.count) recorded assistant turns")
        }
        if !(await queue.pending.isEmpty) { problems.append("triggers left on the queue") }
        if !(await queue.deadLetters.isEmpty) { problems.append("dead letters: \(await queue.deadLetters.map(\.reason))") }
        return problems
    }
}
