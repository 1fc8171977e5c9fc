import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// Long conversations: old turns move to the history table before a batch appends its own, the
/// model's history reads both, and nothing the engine writes can push the record over DynamoDB's
/// 400 KB item limit.
@Suite("Long conversations: history table and bounded records")
struct HistoryCompactionTests {
    /// The template sender's entry, then `count` earlier turns of about 600 bytes each.
    static func longRecord(turns count: Int) -> Record {
        var record = Fixture.record()
        var messages = record.list("messages") ?? []
        for index in 0..<count {
            messages.append(MessageEntry(
                messageId: Fixture.sid(900 + index), timestamp: "2026-01-01T00:00:00.000Z",
                role: index % 2 == 0 ? .user : .assistant,
                content: "earlier turn \(index) " + String(repeating: "x", count: 560)).recordValue)
        }
        record["messages"] = .list(messages)
        return record
    }

    static func settings(tailMaxBytes: Int = 8_192) -> EngineSettings {
        var settings = EngineSettings()
        settings.recordTailMaxBytes = tailMaxBytes
        return settings
    }

    /// Defaults with the cost guards' turn caps lifted: these tests are about what the record
    /// keeps of a turn larger than the guards would ever let through.
    static var uncapped: EngineSettings {
        var settings = EngineSettings()
        settings.maxInboundMessageCharacters = 1_000_000
        settings.maxUserTurnCharacters = 1_000_000
        return settings
    }

    static func transcript(_ engine: TestEngine) async throws -> [RecordValue] {
        let reader = TranscriptReader(conversations: engine.conversations, archive: engine.archive)
        var entries: [RecordValue] = []
        var page = try await reader.turns(Fixture.key, limit: 7)
        while let current = page {
            entries += current.turns.map(\.entry)
            guard let next = current.nextBefore else { break }
            page = try await reader.turns(Fixture.key, before: next, limit: 7)
        }
        return entries.reversed()
    }

    @Test func oldTurnsMoveToTheHistoryTableBeforeTheBatchAppends() async throws {
        let original = Self.longRecord(turns: 20)
        let before = original.list("messages") ?? []
        let engine = try await TestEngine(records: [original], settings: Self.settings())
        await engine.receive(1, "Hi")
        try await engine.runUntilIdle()

        let record = try await engine.record()
        let moved = try #require(record.int(ConversationAttribute.archivedMessageCount))
        #expect(moved > 0 && moved < before.count)
        #expect(await engine.archive.positions(Fixture.key) == Array(0..<moved))
        let tail = record.list("messages") ?? []
        #expect(Array(tail.prefix(before.count - moved)) == Array(before.dropFirst(moved)))
        #expect(ItemSize.of(.list(Array(tail.prefix(before.count - moved)))) <= 8_192 / 2, "room left for the batch's own turns")
        // The whole conversation reads back in order: the archive, then the record.
        let all = try await Self.transcript(engine)
        #expect(all.count == before.count + 2)
        #expect(Array(all.prefix(before.count)) == before)
        #expect(all.suffix(2).compactMap { MessageEntry(value: $0)?.content } == ["Hi", "Reply 1"])
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test func aCrashBetweenCopyAndTrimDuplicatesNothingAndLosesNothing() async throws {
        let original = Self.longRecord(turns: 20)
        let engine = try await TestEngine(records: [original], settings: Self.settings())
        await engine.receive(1, "Hi")
        engine.faults.inject(.update, .before, crash: true, where: { $0.trim != nil })
        try await engine.runUntilIdle()

        #expect(engine.faults.hits == [.update], "the run crashed after copying, before trimming")
        let all = try await Self.transcript(engine)
        let expected = (original.list("messages") ?? []).count + 2
        #expect(all.count == expected)
        #expect(Set(all.compactMap { MessageEntry(value: $0)?.messageId }).count == expected, "no turn twice")
        try await Invariants.check(engine, inbound: [Fixture.sid(1): "Hi"])
    }

    @Test func theModelHistoryReadsArchivedTurnsWhileTheBudgetAllows() async throws {
        var record = Fixture.record()
        let archived = (0..<30).map {
            ArchivedTurn(position: $0, entry: MessageEntry(
                messageId: Fixture.sid(500 + $0), timestamp: "", role: $0 % 2 == 0 ? .assistant : .user, content: "archived \($0)").recordValue)
        }
        record[ConversationAttribute.archivedMessageCount] = .int(30)
        record["messages"] = .list([
            MessageEntry(messageId: Fixture.sid(600), timestamp: "", role: .assistant, content: "tail 30").recordValue,
        ])
        var few = EngineSettings()
        few.historyMaxTurns = 10
        for (settings, expected) in [
            (EngineSettings(), (0..<30).map { "archived \($0)" } + ["tail 30"]),
            (few, (21..<30).map { "archived \($0)" } + ["tail 30"]),
        ] {
            let engine = try await TestEngine(records: [record], settings: settings)
            try await engine.archive.archive(Fixture.key, archived)
            await engine.receive(1, "Hi")
            try await engine.runUntilIdle()
            let prompt = try #require(await engine.model.prompts.first)
            #expect(prompt.history.map(\.text) == expected)
        }
    }

    @Test func pendingReplyKeepsABoundedUserTurnAndAResumedBatchRecordsItWhole() async throws {
        let engine = try await TestEngine(settings: Self.uncapped)
        let body = String(repeating: "Long message about the deposit. ", count: 320)
        await engine.receive(1, body)
        // The send goes out, then the process dies before its SID is recorded.
        engine.faults.crashAfterTheSend()
        engine.clock.advance(by: .seconds(10))
        _ = try await engine.runDue()
        let pending = try #require(try await engine.record().map(ConversationAttribute.pendingReply))
        let stored = try #require(pending.map("user_turn")?.string("content"))
        #expect(stored.utf8.count <= PendingReply.userTurnMaxBytes, "pending_reply does not repeat a huge user turn")

        try await engine.runUntilIdle()
        let user = try #require(try await engine.newEntries().first)
        #expect(user["content"] == .string(body), "the resumed batch records the whole turn, rebuilt from its fragments")
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test func aTurnLongerThanTheRecordKeepsIsRecordedCut() async throws {
        let engine = try await TestEngine(settings: Self.uncapped)
        let body = String(repeating: "ünïcödé ", count: 12_000)
        await engine.receive(1, body)
        try await engine.runUntilIdle()
        #expect(await engine.model.prompts.first?.userTurn == body, "the model still read all of it")
        // So large that the batch first moved every earlier turn, the template sender's included.
        let messages = try await engine.record().list("messages")?.compactMap(\.mapValue) ?? []
        let content = try #require(messages.first { $0.string("role") == "user" }?.string("content"))
        #expect(content.utf8.count <= EngineSettings().recordTurnMaxBytes)
        #expect(body.hasPrefix(String(content.prefix(1_000))))
        #expect(content.hasSuffix("more characters were not kept]"))
    }
}
