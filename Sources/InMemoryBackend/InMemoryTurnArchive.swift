package import RepliesCore

/// ``TurnArchive`` in memory.
package actor InMemoryTurnArchive: TurnArchive {
    private var turns: [ConversationKey: [Int: RecordValue]] = [:]

    package init() {}

    package func archive(_ key: ConversationKey, _ turns: [ArchivedTurn]) async throws {
        for turn in turns { self.turns[key, default: [:]][turn.position] = turn.entry }
    }

    package func turns(_ key: ConversationKey, before position: Int, limit: Int) async throws -> [ArchivedTurn] {
        guard limit > 0 else { return [] }
        return (turns[key] ?? [:]).filter { $0.key < position }.sorted { $0.key > $1.key }.prefix(limit)
            .map { ArchivedTurn(position: $0.key, entry: $0.value) }
    }

    /// Every archived position of the conversation, for test assertions.
    package func positions(_ key: ConversationKey) -> [Int] { (turns[key] ?? [:]).keys.sorted() }
}
