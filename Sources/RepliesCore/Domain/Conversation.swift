package import Foundation

/// A conversation record of the shared table, read through the data contract.
///
/// The record stays the single source of truth: this type only reads it, treating DynamoDB NULL
/// as absent. Writes go through ``ConversationStore`` and touch only the engine's own attributes
/// (see ``ConversationAttribute``).
///
/// ```swift
/// let conversation = try Conversation(record: record)
/// conversation.status            // "initial_message_sent"
/// conversation.channelConfig(for: .whatsapp).companyNumber
/// ```
package struct Conversation: Sendable {
    package let key: ConversationKey
    package let record: Record

    package init(record: Record) throws(ConversationError) {
        guard let primary = record.nonEmptyString("primary_channel") else { throw .missingAttribute("primary_channel") }
        guard let id = record.nonEmptyString("conversation_id") else { throw .missingAttribute("conversation_id") }
        self.key = ConversationKey(primaryChannel: primary, conversationId: id)
        self.record = record
    }

    package var status: String? { record.string("conversation_status") }
    package var channelMethod: String? { record.string("channel_method") }
    package var companyId: String? { record.string("company_id") }
    package var projectId: String? { record.string("project_id") }
    package var projectStatus: String? { record.string("project_status") }
    package var allowedChannels: [String] { record.strings("allowed_channels") }
    package var recipientTel: String? { record.string("recipient_tel") }
    package var handOffToHuman: Bool { record.bool("hand_off_to_human") ?? false }
    package var handOffToHumanReason: String? { record.string("hand_off_to_human_reason") }
    package var taskComplete: Int { record.int("task_complete") ?? 0 }
    package var autoQueueReplyMessage: Bool { record.bool("auto_queue_reply_message") ?? false }
    package var autoQueueReplyFromNumbers: [String] { record.strings("auto_queue_reply_message_from_number") }
    package var optedOut: Bool { record.bool(ConversationAttribute.optedOut) ?? false }
    /// E-mail: the subject of the last message answered or recorded (nil before the first).
    package var emailSubject: String? { record.nonEmptyString(ConversationAttribute.emailSubject) }

    /// `created_at`, parsed leniently (the template sender writes `…+00:00Z`).
    package var createdAt: Date? { record.string("created_at").flatMap(Timestamp.parse) }

    /// True for records the template sender marked as failed (`failed_*`): never answered.
    package var isFailedByTemplateSender: Bool { status?.hasPrefix("failed_") ?? false }

    /// The turns the record still holds (its tail, once older turns were archived).
    package var messages: [MessageEntry] { (record.list("messages") ?? []).compactMap(MessageEntry.init(value:)) }

    /// How many of the conversation's first turns were moved to the history table: `messages[0]`
    /// is turn number `archivedMessageCount` of the whole transcript.
    package var archivedMessageCount: Int { max(0, record.int(ConversationAttribute.archivedMessageCount) ?? 0) }

    /// The record's `messages` entries with their positions in the whole transcript.
    package var tail: [ArchivedTurn] {
        let base = archivedMessageCount
        return (record.list(ConversationAttribute.messages) ?? []).enumerated().map { ArchivedTurn(position: base + $0.offset, entry: $0.element) }
    }

    package var aiConfig: AIConfig { AIConfig(record: record.map("ai_config") ?? [:]) }

    package func channelConfig(for channel: Channel) -> ChannelConfig {
        let config = record.map("channel_config") ?? [:]
        return ChannelConfig(
            companyNumber: config.nonEmptyString(channel.companyNumberConfigKey)
                ?? record.nonEmptyString(channel.companyNumberIndexAttribute),
            credentialsSecretName: config.nonEmptyString(channel.credentialsConfigKey)
        )
    }

    /// The channel this conversation runs on, from `channel_method`.
    package var channel: Channel? { channelMethod.flatMap(Channel.init(rawValue:)) }

    package var lease: ReplyLease? {
        guard let owner = record.string(ConversationAttribute.leaseOwner),
              let expiry = record[ConversationAttribute.leaseExpiresAt]?.numberText.flatMap({ Int64($0) })
        else { return nil }
        return ReplyLease(owner: owner, expiresAt: Timestamp.date(epochMilliseconds: expiry))
    }

    package var pendingReply: PendingReply? {
        record.map(ConversationAttribute.pendingReply).flatMap(PendingReply.init(record:))
    }

    /// SIDs of the fragments answered by the most recent completed batch.
    package var lastAnsweredFragmentSids: Set<String> {
        Set(record.map(ConversationAttribute.lastReplyBatch)?.strings("fragment_sids") ?? [])
    }
}

/// The flattened `channel_config` of one conversation.
package struct ChannelConfig: Sendable, Hashable {
    package var companyNumber: String?
    package var credentialsSecretName: String?
}

/// The flattened `ai_config` of one conversation, including the engine's own documented keys.
package struct AIConfig: Sendable, Hashable {
    /// Secret name holding `{"ai_api_key": …}`.
    package var apiKeyReference: String?
    /// `replies_model`: the model for replies (default: the engine setting).
    package var model: String?
    /// `replies_instructions`: instructions for replies (default: the engine's built-in text).
    package var instructions: String?
    /// `share_contact_details`: send the person's phone number and e-mail to the model (off:
    /// the model sees neither unless the company turns this on).
    package var shareContactDetails: Bool

    package init(record: Record) {
        apiKeyReference = record.nonEmptyString("api_key_reference")
        model = record.nonEmptyString("replies_model")
        instructions = record.nonEmptyString("replies_instructions")
        shareContactDetails = record.bool("share_contact_details") ?? false
    }
}

/// Who holds a conversation's reply lease, and until when.
package struct ReplyLease: Sendable, Hashable {
    package var owner: String
    package var expiresAt: Date

    package init(owner: String, expiresAt: Date) {
        self.owner = owner
        self.expiresAt = expiresAt
    }
}

package enum ConversationError: Error, Hashable, CustomStringConvertible {
    case missingAttribute(String)

    package var description: String {
        switch self {
        case .missingAttribute(let name): "conversation record has no usable '\(name)'; fix the record"
        }
    }
}

/// Names of the attributes the engine owns on a conversation record. Template-sender fields
/// (`created_at`, `initial_processing_time_ms`, …) are never written.
package enum ConversationAttribute {
    package static let status = "conversation_status"
    package static let messages = "messages"
    package static let updatedAt = "updated_at"
    package static let leaseOwner = "reply_lease_owner"
    /// Number, epoch milliseconds.
    package static let leaseExpiresAt = "reply_lease_expires_at"
    package static let pendingReply = "pending_reply"
    package static let lastReplyBatch = "last_reply_batch"
    package static let replyProcessingTimeMs = "reply_processing_time_ms"
    package static let lastInboundAt = "last_inbound_at"
    package static let replyFailureReason = "reply_failure_reason"
    package static let optedOut = "opted_out"
    package static let optedOutAt = "opted_out_at"
    package static let handOffToHuman = "hand_off_to_human"
    package static let handOffToHumanReason = "hand_off_to_human_reason"
    package static let taskComplete = "task_complete"
    /// S, ISO-8601: a reply budget was spent; batches until then are recorded, not answered.
    package static let replyBudgetPausedUntil = "reply_budget_paused_until"
    /// Number: how many leading turns moved from `messages` to the history table.
    package static let archivedMessageCount = "archived_message_count"
    /// S: e-mail only, the subject of the newest message a batch answered or recorded; a later
    /// message shows its subject to the model only when it differs.
    package static let emailSubject = "email_subject"
}

/// `conversation_status` values. The template sender writes `processing`, `initial_message_sent`
/// and `failed_*`; the engine writes the ones below (documented in docs/DATA.md).
package enum ConversationStatus {
    package static let processingReply = "processing_reply"
    package static let replySent = "reply_sent"
    package static let retry = "retry"
    /// A human was notified and the AI did not answer this batch.
    package static let handedOff = "handed_off"
    /// The user opted out (STOP…); the AI will not answer until they opt in again.
    package static let optedOut = "opted_out"
    /// The reply failed permanently (configuration, rejected send); a human was notified.
    package static let replyFailed = "reply_failed"
}
