/// The rules every store enforces on a ``ConversationUpdate`` before writing, so that no
/// backend can be made to overwrite what the template sender owns (original-system §7.6).
extension ConversationUpdate {
    /// Attributes that belong to the template sender, or are keys: never set or removed.
    /// `conversation_status`, `updated_at`, `messages`, `hand_off_to_human(_reason)` and
    /// `task_complete` are shared and may be written.
    package static let protectedAttributes: Set<String> = [
        "primary_channel", "conversation_id", "company_id", "project_id", "request_id", "channel_method",
        "company_name", "project_name", "allowed_channels", "project_status",
        "auto_queue_initial_message", "auto_queue_initial_message_from_number", "auto_queue_initial_message_from_email",
        "auto_queue_reply_message", "auto_queue_reply_message_from_number", "auto_queue_reply_message_from_email",
        "company_rep", "ai_config", "channel_config", "router_version", "processor_version",
        "recipient_first_name", "recipient_last_name", "recipient_tel", "recipient_email", "comms_consent",
        "project_data", "created_at", "initial_request_timestamp", "email_id", "function_call", "function_call_type",
        "thread_id", "initial_processing_time_ms", "failure_reason",
        "gsi_recipient_tel", "gsi_recipient_email", "gsi_company_whatsapp_number", "gsi_company_sms_number", "gsi_company_email",
    ]

    /// Throws when the update would touch a protected attribute, set and remove the same one,
    /// replace `messages` instead of appending, (when releasing) set a lease attribute, write
    /// `archived_message_count` other than through a trim, or trim and append at once (DynamoDB
    /// refuses an update whose paths overlap).
    package func validate(releasing: Bool) throws(ConversationUpdateError) {
        for name in Array(set.keys) + remove where Self.protectedAttributes.contains(name) {
            throw .protectedAttribute(name)
        }
        if let both = remove.first(where: { set[$0] != nil }) { throw .setAndRemoved(both) }
        if set[ConversationAttribute.messages] != nil || remove.contains(ConversationAttribute.messages) {
            throw .messagesReplaced
        }
        if releasing, let name = Self.leaseAttributes.first(where: { set[$0] != nil }) { throw .leaseSetWhileReleasing(name) }
        let archived = ConversationAttribute.archivedMessageCount
        if set[archived] != nil || remove.contains(archived) { throw .archivedCountWrittenDirectly }
        if let trim {
            guard appendMessages.isEmpty else { throw .trimWithAppend }
            guard (1...MessageTrim.maxCount).contains(trim.count), trim.archivedBefore >= 0 else {
                throw .invalidTrim(count: trim.count, archivedBefore: trim.archivedBefore)
            }
        }
    }
}

package enum ConversationUpdateError: Error, Hashable, CustomStringConvertible, RetryClassifying {
    case protectedAttribute(String)
    case setAndRemoved(String)
    case messagesReplaced
    case leaseSetWhileReleasing(String)
    case archivedCountWrittenDirectly
    case trimWithAppend
    case invalidTrim(count: Int, archivedBefore: Int)
    case compareAndSetWithoutAttribute(String)

    package var description: String {
        switch self {
        case .protectedAttribute(let name): "refusing to write '\(name)': it belongs to the template sender or is a key"
        case .setAndRemoved(let name): "'\(name)' is both set and removed in one update"
        case .messagesReplaced: "messages may only be appended to, never replaced or removed"
        case .leaseSetWhileReleasing(let name): "'\(name)' cannot be set while releasing the lease"
        case .archivedCountWrittenDirectly: "'\(ConversationAttribute.archivedMessageCount)' changes only through a trim of messages"
        case .trimWithAppend: "one update cannot both trim and append to messages"
        case .compareAndSetWithoutAttribute(let name): "a compare-and-set must write '\(name)' itself (with its next revision)"
        case .invalidTrim(let count, let before):
            "a trim removes 1-\(MessageTrim.maxCount) entries after a count of at least 0 (got \(count) after \(before))"
        }
    }

    /// A programming error in the caller: retrying cannot help.
    package var retryDisposition: RetryDisposition { .permanent }
}
