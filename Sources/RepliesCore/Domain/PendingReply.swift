package import Foundation

/// A reply that has been decided but not yet recorded: persisted under the lease *before* the
/// first send, so that a retry after a crash can tell what was already sent.
///
/// Stored as the `pending_reply` map on the conversation record.
package struct PendingReply: Sendable, Hashable {
    /// Hash of the batch's fragment SIDs.
    package var batchId: String
    package var fragmentSids: [String]
    package var userTurn: MessageEntry
    package var reply: ModelReply
    /// The reply split for the channel's length limit, sent in order.
    package var parts: [String]
    /// Twilio SIDs of the parts sent so far (a prefix of ``parts``).
    package var sentSids: [String]
    /// When the pending reply was created; reconciliation looks for sends after it.
    package var createdAt: Date
    /// E-mail: the last attempt to send the next part certainly failed before it was sent, so a
    /// later run may send it. Without it an unsent part's fate is unknown (a crash or a lost
    /// lease during the send) and, with nothing to reconcile against, it is never sent again.
    package var nextPartCertainlyUnsent = false

    package init(
        batchId: String, fragmentSids: [String], userTurn: MessageEntry, reply: ModelReply,
        parts: [String], sentSids: [String] = [], createdAt: Date
    ) {
        self.batchId = batchId
        self.fragmentSids = fragmentSids
        self.userTurn = userTurn
        self.reply = reply
        self.parts = parts
        self.sentSids = sentSids
        self.createdAt = createdAt
    }

    package var isFullySent: Bool { sentSids.count >= parts.count }

    /// How much of the user turn the stored map repeats (UTF-8 bytes).
    package static let userTurnMaxBytes = 2048

    package var record: Record {
        var reply: Record = [
            "content": .string(self.reply.content),
            "hand_off_to_human": .bool(self.reply.handOffToHuman),
            "task_complete": .bool(self.reply.taskComplete),
            "prompt_tokens": .int(self.reply.usage.prompt),
            "completion_tokens": .int(self.reply.usage.completion),
            "total_tokens": .int(self.reply.usage.total),
        ]
        reply["hand_off_to_human_reason"] = self.reply.handOffToHumanReason.map(RecordValue.string) ?? .null
        var record: Record = [
            "batch_id": .string(batchId),
            "fragment_sids": .list(fragmentSids.map(RecordValue.string)),
            // Bounded: a huge user turn must not fill the record twice (a resumed batch rebuilds
            // it from its staged fragments, which stay pending until the batch is recorded).
            "user_turn": userTurn.cut(toBytes: Self.userTurnMaxBytes).recordValue,
            "reply": .map(reply),
            "parts": .list(parts.map(RecordValue.string)),
            "sent_sids": .list(sentSids.map(RecordValue.string)),
            "created_at": .string(Timestamp.format(createdAt)),
        ]
        if nextPartCertainlyUnsent { record["next_part_unsent"] = .bool(true) }
        return record
    }

    package init?(record: Record) {
        guard let batchId = record.string("batch_id"),
              let userValue = record["user_turn"], let userTurn = MessageEntry(value: userValue),
              let reply = record.map("reply"), let content = reply.string("content"),
              let created = record.string("created_at").flatMap(Timestamp.parse)
        else { return nil }
        self.batchId = batchId
        self.fragmentSids = record.strings("fragment_sids")
        self.userTurn = userTurn
        self.reply = ModelReply(
            content: content,
            handOffToHuman: reply.bool("hand_off_to_human") ?? false,
            handOffToHumanReason: reply.string("hand_off_to_human_reason"),
            taskComplete: reply.bool("task_complete") ?? false,
            usage: TokenUsage(
                prompt: reply.int("prompt_tokens") ?? 0,
                completion: reply.int("completion_tokens") ?? 0,
                total: reply.int("total_tokens") ?? 0
            )
        )
        self.parts = record.strings("parts")
        self.sentSids = record.strings("sent_sids")
        self.createdAt = created
        self.nextPartCertainlyUnsent = record.bool("next_part_unsent") ?? false
    }
}
