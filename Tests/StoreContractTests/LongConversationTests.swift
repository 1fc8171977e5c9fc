import Foundation
import InMemoryBackend
import Logging
import RepliesCore
import Synchronization
import Testing

/// A conversation of 2,000 turns keeps being answered on every store, DynamoDB's 400 KB item
/// limit (enforced by moto) included. 1,916 short turns are seeded as already archived and 60
/// turns of 1.5 KB in the record (about 90 KB); then 12 batches whose user turns are 30 KB run
/// through the real batch path with zero-latency fakes. Without moving old turns to the history
/// table the record would pass 400 KB at the 11th batch and every later write would fail.
@Suite struct LongConversationTests {
    static let archivedAtStart = 1_916
    static let tailAtStart = 60
    static let batches = 12
    static let key = ContractRecords.key("long")

    /// The turn at `position`: short when seeded as archived, 1.5 KB in the seeded record and for
    /// replies, 30 KB for the user turns of the batches.
    static func text(_ position: Int) -> String {
        let head = "turn \(position) "
        let length: Int
        if position < archivedAtStart {
            length = 40
        } else if position >= archivedAtStart + tailAtStart, (position - archivedAtStart - tailAtStart) % 2 == 0 {
            length = 30_000
        } else {
            length = 1_500
        }
        return head + String(repeating: "abcdefghij", count: (length - head.count) / 10)
    }

    static func entry(_ position: Int) -> MessageEntry {
        MessageEntry(
            messageId: String(format: "SM%032ld", position), timestamp: "2026-01-01T00:00:00.000Z",
            role: position % 2 == 0 ? .user : .assistant, content: text(position),
            tokens: position % 2 == 0 ? nil : TokenUsage(prompt: 10, completion: 2, total: 12))
    }

    @Test(arguments: Backend.allCases)
    func aConversationOf2000TurnsKeepsBeingAnswered(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let run = LongRun(fixture: fixture)
            try await run.seed()
            for batch in 0..<Self.batches {
                let position = Self.archivedAtStart + Self.tailAtStart + 2 * batch
                #expect(try await run.answer(userPosition: position, processor: run.growing) == .done("answered"), "batch \(batch)")
            }
            let record = try #require(try await fixture.conversations.conversation(Self.key))
            #expect(record.archivedMessageCount > Self.archivedAtStart, "old turns moved to the history table")
            #expect(ItemSize.of(record.record) < 250_000, "the record stays far below 400 KB")

            // One more batch, with a budget that takes every earlier turn: the prompt holds all
            // 2,000 turns, oldest first, read from the history table and the record.
            #expect(try await run.answer(userPosition: 2_000, processor: run.wholeHistory) == .done("answered"))
            let prompt = try #require(run.model.prompts.last)
            #expect(prompt.history.count == 2_000)
            #expect(prompt.history.map(\.text) == (0..<2_000).map(Self.text))
            #expect(prompt.history.map(\.role) == (0..<2_000).map { Self.entry($0).role })
            #expect(prompt.userTurn == Self.text(2_000))

            // The whole transcript, newest first, in pages across record and history table.
            let reader = TranscriptReader(conversations: fixture.conversations, archive: fixture.archive)
            var contents: [String] = []
            var page = try await reader.turns(Self.key, limit: 700)
            while let current = page {
                contents += current.turns.compactMap { $0.message?.content }
                guard let next = current.nextBefore else { break }
                page = try await reader.turns(Self.key, before: next, limit: 700)
            }
            #expect(contents.count == 2_002)
            #expect(Array(contents.reversed()) == (0...2_001).map(Self.text))
            #expect(try await fixture.stage.pendingFragments(conversationId: Self.key.conversationId).isEmpty)
        }
    }
}

/// The batch path on one fixture's stores, with a model that answers the next scripted turn.
private final class LongRun: Sendable {
    typealias L = LongConversationTests
    let fixture: StoreFixture
    let clock = ManualClock()
    let model = LongModel()
    let growing: BatchProcessor
    let wholeHistory: BatchProcessor

    init(fixture: StoreFixture) {
        self.fixture = fixture
        var ports = EnginePorts(
            conversations: fixture.conversations, archive: fixture.archive, stage: fixture.stage, locks: fixture.locks,
            queue: InMemoryTriggerQueue(clock: clock),
            secrets: InMemorySecrets([
                "twilio-long": ["twilio_account_sid": "AC" + String(repeating: "0", count: 32), "twilio_auth_token": "long-token-not-real"],
                "openai-long": ["ai_api_key": "sk-long-not-a-real-key"],
            ]),
            model: model, sender: RaceSender(clock: clock), handoff: RecordingHandoffNotifier(), verifier: AcceptingVerifier(),
            budgets: fixture.budgets, clock: clock)
        ports.batchCommits = fixture.batchCommits
        let logger = Logger(label: "long", factory: { _ in SwiftLogNoOpLogHandler() })
        // The cost guards' turn caps lifted: 30 KB user turns are what fills the record here.
        var uncapped = EngineSettings()
        uncapped.maxInboundMessageCharacters = 1_000_000
        uncapped.maxUserTurnCharacters = 1_000_000
        growing = BatchProcessor(ports: ports, settings: uncapped, logger: logger)
        var all = uncapped
        all.historyMaxTurns = 5_000
        all.historyMaxCharacters = 10_000_000
        wholeHistory = BatchProcessor(ports: ports, settings: all, logger: logger)
    }

    func seed() async throws {
        let key = L.key
        for start in stride(from: 0, to: L.archivedAtStart, by: 100) {
            let turns = (start..<min(start + 100, L.archivedAtStart)).map { ArchivedTurn(position: $0, entry: L.entry($0).recordValue) }
            try await fixture.archive.archive(key, turns)
        }
        var record = ContractRecords.whatsappRecord("long")
        record["channel_config"] = .map([
            "company_whatsapp_number": .string(ContractRecords.companyNumber), "whatsapp_credentials_id": .string("twilio-long"),
        ])
        record["ai_config"] = .map(["api_key_reference": .string("openai-long")])
        record[ConversationAttribute.archivedMessageCount] = .int(L.archivedAtStart)
        record[ConversationAttribute.messages] = .list((L.archivedAtStart..<L.archivedAtStart + L.tailAtStart).map { L.entry($0).recordValue })
        try await fixture.conversations.put(record)
    }

    /// Stages the user turn at `userPosition`, runs its batch; the model answers the next one.
    func answer(userPosition: Int, processor: BatchProcessor) async throws -> BatchOutcome {
        clock.advance(by: .seconds(30))
        model.next(L.text(userPosition + 1))
        _ = try await fixture.stage.stage(Fragment(
            conversationId: L.key.conversationId, messageSid: String(format: "SM%032ld", userPosition),
            primaryChannel: L.key.primaryChannel, channel: .whatsapp, body: L.text(userPosition), receivedAt: clock.now()))
        clock.advance(by: .seconds(10))
        return await processor.process(Trigger(L.key), channel: .whatsapp, attempt: 1)
    }
}

/// Answers the text it was given last, and keeps every prompt.
private final class LongModel: ReplyModel {
    private let state = Mutex<(next: String, prompts: [ModelPrompt])>(("", []))

    var prompts: [ModelPrompt] { state.withLock { $0.prompts } }

    func next(_ text: String) { state.withLock { $0.next = text } }

    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        let content = state.withLock { state in
            state.prompts.append(prompt)
            return state.next
        }
        return ModelReply(
            content: content, handOffToHuman: false, handOffToHumanReason: nil, taskComplete: false,
            usage: TokenUsage(prompt: 10, completion: 2, total: 12))
    }
}
