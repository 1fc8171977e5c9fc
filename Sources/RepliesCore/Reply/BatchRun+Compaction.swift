import Foundation
import Logging

/// Keeping the record small as the conversation grows: the oldest turns move to the history
/// table (``TurnArchive``) before the batch appends its own.
extension BatchRun {
    /// Moves the record's oldest turns to the history table when its `messages`, plus the turns
    /// this batch will append (`fragments` merged, and room for a reply), outgrow
    /// ``EngineSettings/recordTailMaxBytes``. Each chunk is copied first, then trimmed from the
    /// record in one lease-guarded conditional write; a crash in between leaves copies that
    /// readers ignore (their positions are not below `archived_message_count`) and the next run
    /// copies them again. Returns false when the lease was lost.
    func compactIfNeeded(before fragments: [Fragment]) async throws -> Bool {
        var entries = conversation.record.list(ConversationAttribute.messages) ?? []
        let userTurn = userTurn(of: fragments).map { ItemSize.of($0.cut(toBytes: settings.recordTurnMaxBytes).recordValue) } ?? 0
        let reserve = userTurn + Self.replyReserveBytes
        var left = TailCompaction.movingCount(entries, maxBytes: settings.recordTailMaxBytes, reserve: reserve)
        guard left > 0 else { return true }
        let moving = left
        var archived = conversation.archivedMessageCount
        while left > 0 {
            let count = min(left, MessageTrim.maxCount)
            let chunk = entries.prefix(count).enumerated().map { ArchivedTurn(position: archived + $0.offset, entry: $0.element) }
            try await ports.archive.archive(key, chunk)
            let trim = ConversationUpdate(trim: MessageTrim(count: count, archivedBefore: archived))
            guard try await ports.conversations.update(key, owner: owner, trim) else { return false }
            entries.removeFirst(count)
            archived += count
            left -= count
        }
        var record = conversation.record
        record[ConversationAttribute.messages] = .list(entries)
        record[ConversationAttribute.archivedMessageCount] = .int(archived)
        conversation = try Conversation(record: record)
        logger.info("moved old turns to the history table", metadata: [
            "conversation": "\(key)", "moved": "\(moving)", "archived": "\(archived)", "kept": "\(entries.count)",
        ])
        return true
    }

    /// Room kept for the reply a batch appends: one WhatsApp/SMS part of 1,600 characters. A
    /// longer reply still fits, in the margin between `HISTORY_TAIL_MAX_BYTES` and 400 KB.
    static let replyReserveBytes = 2 * 1024

    /// The turns the prompt's history is chosen from, oldest first: the record's tail and, while
    /// it does not fill `HISTORY_MAX_CHARS` and the turn limit, archived turns before it.
    func historyTurns() async throws -> [MessageEntry] {
        let tail = conversation.messages
        var characters = tail.reduce(0) { $0 + $1.content.count }
        var count = tail.count
        var earlier: [MessageEntry] = []
        var before = conversation.archivedMessageCount
        while before > 0, characters < settings.historyMaxCharacters, count < settings.historyMaxTurns {
            // One read for the usual budget (60 turns); DynamoDB pages a large one by itself.
            let page = try await ports.archive.turns(key, before: before, limit: min(1_000, settings.historyMaxTurns - count))
            guard let oldest = page.last, oldest.position < before else { break }
            for message in page.compactMap(\.message) {
                earlier.append(message)
                characters += message.content.count
                count += 1
            }
            before = oldest.position
        }
        return earlier.reversed() + tail
    }
}
