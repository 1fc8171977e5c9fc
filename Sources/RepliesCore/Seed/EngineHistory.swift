/// What replacing a stored conversation record with a new one would lose of what the engine
/// wrote: `seed` refuses such a replacement unless forced, and then says what it replaced.
///
/// Engine history is every `messages` entry from the first user turn on (the template sender
/// only ever writes its own assistant message), the engine's own attributes, an engine
/// `conversation_status`, a handoff or task completion the engine recorded — each only when the
/// new record would drop or change it (re-seeding a record printed by `inspect` loses nothing).
///
/// ```swift
/// let losses = EngineHistory.losses(existing: stored.record, incoming: record)
/// // ["3 messages written by the engine (the newest at 2026-11-24T10:02:31.401Z)", "last_reply_batch"]
/// ```
package enum EngineHistory {
    package static func losses(existing: Record, incoming: Record) -> [String] {
        var losses: [String] = []
        let lostEntries = lostMessages(existing: existing, incoming: incoming)
        if !lostEntries.isEmpty {
            let newest = lostEntries.last.flatMap { $0.mapValue?.string("timestamp") }.map { " (the newest at \($0))" } ?? ""
            losses.append("\(lostEntries.count) message\(lostEntries.count == 1 ? "" : "s") written by the engine\(newest)")
        }
        if let status = existing.string(ConversationAttribute.status), ConversationStatus.engineValues.contains(status),
           incoming[ConversationAttribute.status] != existing[ConversationAttribute.status] {
            losses.append("conversation_status \"\(status)\"")
        }
        if existing.bool(ConversationAttribute.handOffToHuman) == true, incoming.bool(ConversationAttribute.handOffToHuman) != true {
            losses.append("hand_off_to_human true (a human owns the conversation)")
        }
        if existing.int(ConversationAttribute.taskComplete) == 1, incoming.int(ConversationAttribute.taskComplete) != 1 {
            losses.append("task_complete 1")
        }
        for name in ConversationAttribute.engineOnly.sorted() where existing[name] != nil && existing[name] != incoming[name] {
            losses.append(name)
        }
        return losses
    }

    /// Entries from the first user turn on whose (message_id, role) the new record lacks.
    static func lostMessages(existing: Record, incoming: Record) -> [RecordValue] {
        let stored = existing.list(ConversationAttribute.messages) ?? []
        guard let firstUser = stored.firstIndex(where: { $0.mapValue?.string("role") == MessageEntry.Role.user.rawValue }) else { return [] }
        let kept = Set((incoming.list(ConversationAttribute.messages) ?? []).map(identity))
        return stored[firstUser...].filter { !kept.contains(identity($0)) }
    }

    private static func identity(_ entry: RecordValue) -> String {
        let map = entry.mapValue ?? [:]
        return "\(map.string("role") ?? "")|\(map.string("message_id") ?? "")|\(map.string("timestamp") ?? "")"
    }
}
