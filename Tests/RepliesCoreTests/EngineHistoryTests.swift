import RepliesCore
import Testing

/// What re-seeding a conversation would destroy of the engine's work.
@Suite struct EngineHistoryTests {
    static let template: Record = [
        "primary_channel": .string("+447700900123"), "conversation_id": .string("c1"),
        "conversation_status": .string("initial_message_sent"), "hand_off_to_human": .bool(false), "task_complete": .number("0"),
        "messages": .list([entry("SM1", "assistant", "2026-01-01T00:00:00Z")]),
    ]

    static func entry(_ id: String, _ role: String, _ time: String) -> RecordValue {
        .map(["message_id": .string(id), "role": .string(role), "content": .string("…"), "timestamp": .string(time)])
    }

    /// The template record after one answered batch.
    static var answered: Record {
        var record = template
        record["messages"] = .list([
            entry("SM1", "assistant", "2026-01-01T00:00:00Z"), entry("SM2", "user", "2026-01-01T00:01:00Z"),
            entry("SM3", "assistant", "2026-01-01T00:01:02Z"),
        ])
        record["conversation_status"] = .string("reply_sent")
        record["last_reply_batch"] = .map(["batch_id": .string("b1")])
        return record
    }

    @Test func aTemplateSenderRecordHasNoHistory() {
        var edited = Self.template
        edited["messages"] = .list([Self.entry("SM9", "assistant", "2026-01-02T00:00:00Z")])
        edited["project_data"] = .map(["x": .string("y")])
        #expect(EngineHistory.losses(existing: Self.template, incoming: edited).isEmpty)
    }

    @Test func anAnsweredRecordLosesItsTurnsStatusAndBatch() {
        let losses = EngineHistory.losses(existing: Self.answered, incoming: Self.template)
        #expect(losses == [
            "2 messages written by the engine (the newest at 2026-01-01T00:01:02Z)", "conversation_status \"reply_sent\"", "last_reply_batch",
        ])
    }

    @Test func reSeedingWhatInspectPrintedLosesNothing() {
        #expect(EngineHistory.losses(existing: Self.answered, incoming: Self.answered).isEmpty)
    }

    @Test func handoffCompletionAndEngineAttributesCount() {
        var existing = Self.template
        existing["hand_off_to_human"] = .bool(true)
        existing["task_complete"] = .number("1")
        existing["reply_lease_owner"] = .string("w")
        existing["opted_out"] = .bool(true)
        #expect(EngineHistory.losses(existing: existing, incoming: Self.template) == [
            "hand_off_to_human true (a human owns the conversation)", "task_complete 1", "opted_out", "reply_lease_owner",
        ])
    }
}
