extension ConversationAttribute {
    /// Attributes only the engine writes (docs/DATA.md): their presence on a record is engine
    /// history. A new engine attribute must be added here, so `seed` keeps protecting it.
    package static let engineOnly: Set<String> = [
        leaseOwner, leaseExpiresAt, pendingReply, lastReplyBatch, replyProcessingTimeMs, lastInboundAt, replyFailureReason,
        optedOut, optedOutAt, replyBudgetPausedUntil, archivedMessageCount, emailSubject,
        handedOffAt, handedOffBy, handedBackAt, handedBackBy, handbackReplyDue, operatorMessageSids, deliveryStatus,
    ]
}

extension ConversationStatus {
    /// The `conversation_status` values only the engine writes.
    package static let engineValues: Set<String> = [processingReply, replySent, retry, handedOff, optedOut, replyFailed, handedBack]
}
