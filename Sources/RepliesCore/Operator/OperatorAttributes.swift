/// The attributes the operator API writes on a conversation record (docs/DATA.md).
extension ConversationAttribute {
    /// S, ISO-8601: when the conversation was last handed to a human (by an operator, a rule or
    /// the model); the operator inbox's order.
    package static let handedOffAt = "handed_off_at"
    /// S: the operator token's name that took the conversation over (absent when a rule or the
    /// model did).
    package static let handedOffBy = "handed_off_by"
    /// S, ISO-8601, and S: the last hand-back to the AI and the token's name that did it.
    package static let handedBackAt = "handed_back_at"
    package static let handedBackBy = "handed_back_by"
    /// M `{at, by, waiting}`: set by a hand-back that left messages unanswered; the next batch
    /// answers them (even without new fragments) and removes it.
    package static let handbackReplyDue = "handback_reply_due"
    /// L of S: the provider ids of the operator turns recorded, so a retry never records one twice.
    package static let operatorMessageSids = "operator_message_sids"
}

extension Conversation {
    /// A hand-back left the person's messages for the AI to answer (`handback_reply_due`).
    package var handbackReplyDue: Bool { record.map(ConversationAttribute.handbackReplyDue) != nil }

    /// The AI does not answer: `hand_off_to_human`, or the last batch was handed to a human (a
    /// rule such as `auto_queue_reply_message`). The operator API's `handed_off` state.
    package var isWithHuman: Bool { handOffToHuman || status == ConversationStatus.handedOff }
}

extension ConversationStatus {
    /// A human gave the conversation back to the AI; the next batch answers.
    package static let handedBack = "handed_back"
}
