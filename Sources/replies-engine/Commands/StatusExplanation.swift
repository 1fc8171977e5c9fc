import RepliesCore

/// What a record's `conversation_status` (with its handoff flag) means for the person and for
/// the next message, in words: the demo's summary and `simulate --wait` print it.
enum StatusExplanation {
    static func explain(_ conversation: Conversation) -> String {
        let reason = conversation.handOffToHumanReason.map { " (\($0))" } ?? ""
        let status = conversation.status ?? "-"
        switch status {
        case ConversationStatus.replySent where conversation.handOffToHuman:
            return "conversation_status reply_sent: the last batch was answered; and hand_off_to_human is true\(reason): "
                + "a human owns the conversation now, so later messages are recorded and handed to them (status handed_off), the AI does not answer"
        case ConversationStatus.replySent:
            return "conversation_status reply_sent: the last batch was answered; the next message starts a new batch"
        case ConversationStatus.handedOff:
            return "conversation_status handed_off: a human was notified instead of the AI answering\(reason)"
        case ConversationStatus.optedOut:
            return "conversation_status opted_out: the person opted out; messages are recorded, not answered, until they send START"
        case ConversationStatus.replyFailed:
            let why = conversation.record.string(ConversationAttribute.replyFailureReason).map { ": \($0)" } ?? ""
            return "conversation_status reply_failed\(why); a human was notified"
        case ConversationStatus.retry:
            return "conversation_status retry: a batch failed for now and will be retried"
        case ConversationStatus.processingReply:
            return "conversation_status processing_reply: a worker is producing the reply"
        default:
            return "conversation_status \(status)"
        }
    }
}
