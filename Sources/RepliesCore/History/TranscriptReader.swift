/// Reads a conversation's whole transcript, newest first, across the record's tail and the
/// history table (``TurnArchive``), in pages with a stable cursor.
///
/// Positions make it exact: the record holds the turns from its `archived_message_count` on, the
/// archive the ones before it. Archived copies at or above that count (a crash between copying
/// and trimming) are never read, so no turn appears twice; and since a position's turn never
/// changes, a cursor stays valid while the record is compacted between two pages.
///
/// ```swift
/// let reader = TranscriptReader(conversations: ports.conversations, archive: ports.archive)
/// var page = try await reader.turns(key, limit: 50)          // the newest 50
/// while let next = page?.nextBefore {
///     page = try await reader.turns(key, before: next, limit: 50)
/// }
/// ```
package struct TranscriptReader: Sendable {
    let conversations: any ConversationStore
    let archive: any TurnArchive

    package init(conversations: any ConversationStore, archive: any TurnArchive) {
        self.conversations = conversations
        self.archive = archive
    }

    /// Up to `limit` turns with a position below `before` (nil: from the newest), newest first;
    /// nil when the conversation does not exist.
    package func turns(_ key: ConversationKey, before: Int? = nil, limit: Int) async throws -> TranscriptPage? {
        guard let conversation = try await conversations.conversation(key) else { return nil }
        let tail = conversation.tail
        let end = min(before ?? Int.max, (tail.last?.position ?? conversation.archivedMessageCount - 1) + 1)
        var turns = Array(tail.filter { $0.position < end }.reversed().prefix(max(0, limit)))
        let archivedEnd = min(end, conversation.archivedMessageCount)
        if turns.count < limit, archivedEnd > 0 {
            turns += try await archive.turns(key, before: archivedEnd, limit: limit - turns.count)
        }
        let oldest = turns.last?.position ?? 0
        return TranscriptPage(turns: turns, nextBefore: oldest > 0 && !turns.isEmpty ? oldest : nil)
    }
}

/// One page of a transcript: turns newest first, and the cursor of the next (older) page.
package struct TranscriptPage: Sendable, Hashable {
    package var turns: [ArchivedTurn]
    /// Pass as `before` for the next page; nil when this page reached the first turn.
    package var nextBefore: Int?
}
