import Foundation
import RepliesCore
import Testing

/// The history table (``TurnArchive``) and the trim of a record's oldest `messages`, and the
/// transcript read across both, on every backend.
@Suite struct HistoryContractTests {
    typealias R = ContractRecords
    let now = ContractRecords.start
    var until: Date { now.addingTimeInterval(300) }

    static func entry(_ position: Int) -> RecordValue {
        R.message("SM\(position)", position % 2 == 0 ? .user : .assistant, "turn \(position) ünïcode ☕").recordValue
    }

    /// A leased record whose `messages` hold turns `first..<first+count` after `archived` archived ones.
    private func leasedRecord(_ fixture: StoreFixture, tail: Range<Int>, archived: Int? = nil) async throws {
        var record = R.whatsappRecord("r1")
        record[ConversationAttribute.messages] = .list(tail.map(Self.entry))
        if let archived { record[ConversationAttribute.archivedMessageCount] = .int(archived) }
        try await fixture.conversations.put(record)
        guard case .acquired = try await fixture.conversations.acquireLease(R.key("r1"), owner: "worker-a", now: now, until: until) else {
            throw ContractError.setup("lease not acquired")
        }
    }

    @Test(arguments: Backend.allCases)
    func archivedTurnsPageNewestFirstAndRewritingIsHarmless(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let archive = fixture.archive
            let key = R.key("r1")
            try await archive.archive(key, (0..<7).map { ArchivedTurn(position: $0, entry: Self.entry($0)) })
            // Copied again after a crash: the same turns at the same positions.
            try await archive.archive(key, (3..<7).map { ArchivedTurn(position: $0, entry: Self.entry($0)) })
            // Another conversation's turns stay apart.
            try await archive.archive(R.key("r2"), [ArchivedTurn(position: 0, entry: Self.entry(99))])

            #expect(try await archive.turns(key, before: 7, limit: 3) == (4..<7).reversed().map { ArchivedTurn(position: $0, entry: Self.entry($0)) })
            #expect(try await archive.turns(key, before: 4, limit: 10).map(\.position) == [3, 2, 1, 0])
            #expect(try await archive.turns(key, before: 0, limit: 10).isEmpty)
            #expect(try await archive.turns(key, before: 100, limit: 0).isEmpty)
            #expect(try await archive.turns(R.key("r2"), before: 100, limit: 10) == [ArchivedTurn(position: 0, entry: Self.entry(99))])
            #expect(try await archive.turns(R.key("r3"), before: 100, limit: 10).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func aTrimRemovesTheOldestEntriesAndRaisesTheCount(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await leasedRecord(fixture, tail: 0..<10)
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(trim: MessageTrim(count: 4, archivedBefore: 0))))
            var after = try #require(try await store.conversation(R.key("r1")))
            #expect(after.archivedMessageCount == 4)
            #expect(after.record[ConversationAttribute.archivedMessageCount] == .number("4"))
            #expect(after.tail == (4..<10).map { ArchivedTurn(position: $0, entry: Self.entry($0)) })
            #expect(R.lease(after) == R.lease("worker-a", until), "a trim keeps the lease")

            // A trim computed from a stale count, or applied twice, writes nothing.
            let before = after.record
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(trim: MessageTrim(count: 4, archivedBefore: 0))) == false)
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(trim: MessageTrim(count: 7, archivedBefore: 4))) == false,
                    "more entries than the record holds")
            #expect(try await store.conversation(R.key("r1"))?.record == before)

            // The next trim continues from the count; appends go after the tail as always.
            #expect(try await store.update(R.key("r1"), owner: "worker-a", ConversationUpdate(trim: MessageTrim(count: 6, archivedBefore: 4))))
            let next = R.message("SM10", .user, "turn 10")
            #expect(try await store.updateAndRelease(R.key("r1"), owner: "worker-a", ConversationUpdate(appendMessages: [next])))
            after = try #require(try await store.conversation(R.key("r1")))
            #expect(after.archivedMessageCount == 10)
            #expect(after.tail == [ArchivedTurn(position: 10, entry: next.recordValue)])
        }
    }

    @Test(arguments: Backend.allCases)
    func aTrimIsRefusedWithoutTheLeaseAndNeverCombinedWithAnAppend(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let store = fixture.conversations
            try await leasedRecord(fixture, tail: 0..<5, archived: 20)
            let before = try #require(try await store.conversation(R.key("r1"))).record
            #expect(try await store.update(R.key("r1"), owner: "worker-b", ConversationUpdate(trim: MessageTrim(count: 2, archivedBefore: 20))) == false)
            for update in [
                ConversationUpdate(appendMessages: [R.message("SMx", .user, "x")], trim: MessageTrim(count: 1, archivedBefore: 20)),
                ConversationUpdate(trim: MessageTrim(count: 0, archivedBefore: 20)),
                ConversationUpdate(trim: MessageTrim(count: MessageTrim.maxCount + 1, archivedBefore: 20)),
                ConversationUpdate(set: [ConversationAttribute.archivedMessageCount: .int(0)]),
                ConversationUpdate(remove: [ConversationAttribute.archivedMessageCount]),
            ] {
                await #expect(throws: ConversationUpdateError.self) {
                    try await store.update(R.key("r1"), owner: "worker-a", update)
                }
            }
            #expect(try await store.conversation(R.key("r1"))?.record == before)
        }
    }

    /// The whole transcript, newest first, in pages: the tail, then the archive; copies left at
    /// or above the record's count (a crash between copying and trimming) never appear.
    @Test(arguments: Backend.allCases)
    func theTranscriptSpansTailAndArchiveWithoutDuplicates(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let key = R.key("r1")
            try await leasedRecord(fixture, tail: 12..<20, archived: 12)
            try await fixture.archive.archive(key, (0..<15).map { ArchivedTurn(position: $0, entry: Self.entry($0)) })
            let reader = TranscriptReader(conversations: fixture.conversations, archive: fixture.archive)

            var positions: [Int] = []
            var entries: [RecordValue] = []
            var page = try await reader.turns(key, limit: 5)
            while let current = page {
                positions += current.turns.map(\.position)
                entries += current.turns.map(\.entry)
                guard let next = current.nextBefore else { break }
                page = try await reader.turns(key, before: next, limit: 5)
            }
            #expect(positions == Array((0..<20).reversed()))
            #expect(entries == (0..<20).reversed().map(Self.entry))
            #expect(try await reader.turns(key, before: 13, limit: 3)?.turns.map(\.position) == [12, 11, 10])
            #expect(try await reader.turns(R.key("missing"), limit: 3) == nil)
        }
    }
}
