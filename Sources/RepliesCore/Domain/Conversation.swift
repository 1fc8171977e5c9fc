import Foundation

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
public struct Conversation: Sendable {
    public let key: ConversationKey
    public let record: Record

    public init(record: Record) throws(ConversationError) {
        guard let primary = record.nonEmptyString("primary_channel") else { throw .missingAttribute("primary_channel") }
        guard let id = record.nonEmptyString("conversation_id") else { throw .missingAttribute("conversation_id") }
        self.key = ConversationKey(primaryChannel: primary, conversationId: id)
        self.record = record
    }

    public var status: String? { record.string("conversation_status") }
    public var channelMethod: String? { record.string("channel_method") }
    public var companyId: String? { record.string("company_id") }
    public var projectId: String? { record.string("project_id") }
    public var projectStatus: String? { record.string("project_status") }
    public var allowedChannels: [String] { record.strings("allowed_channels") }
    public var recipientTel: String? { record.string("recipient_tel") }
    public var handOffToHuman: Bool { record.bool("hand_off_to_human") ?? false }
    public var handOffToHumanReason: String? { record.string("hand_off_to_human_reason") }
    public var taskComplete: Int { record.int("task_complete") ?? 0 }
    public var autoQueueReplyMessage: Bool { record.bool("auto_queue_reply_message") ?? false }
    public var autoQueueReplyFromNumbers: [String] { record.strings("auto_queue_reply_message_from_number") }
    public var optedOut: Bool { record.bool(ConversationAttribute.optedOut) ?? false }

    /// `created_at`, parsed leniently (the template sender writes `…+00:00Z`).
    public var createdAt: Date? { record.string("created_at").flatMap(Timestamp.parse) }

    /// True for records the template sender marked as failed (`failed_*`): never answered.
    public var isFailedByTemplateSender: Bool { status?.hasPrefix("failed_") ?? false }

    public var messages: [MessageEntry] { (record.list("messages") ?? []).compactMap(MessageEntry.init(value:)) }

    public var aiConfig: AIConfig { AIConfig(record: record.map("ai_config") ?? [:]) }

    public func channelConfig(for channel: Channel) -> ChannelConfig {
        let config = record.map("channel_config") ?? [:]
        return ChannelConfig(
            companyNumber: config.nonEmptyString(channel.companyNumberConfigKey)
                ?? record.nonEmptyString(channel.companyNumberIndexAttribute),
            credentialsSecretName: config.nonEmptyString(channel.credentialsConfigKey)
        )
    }

    /// The channel this conversation runs on, from `channel_method`.
    public var channel: Channel? { channelMethod.flatMap(Channel.init(rawValue:)) }

    public var lease: ReplyLease? {
        guard let owner = record.string(ConversationAttribute.leaseOwner),
              let expiry = record[ConversationAttribute.leaseExpiresAt]?.numberText.flatMap({ Int64($0) })
        else { return nil }
        return ReplyLease(owner: owner, expiresAt: Timestamp.date(epochMilliseconds: expiry))
    }

    public var pendingReply: PendingReply? {
        record.map(ConversationAttribute.pendingReply).flatMap(PendingReply.init(record:))
    }

    /// SIDs of the fragments answered by the most recent completed batch.
    public var lastAnsweredFragmentSids: Set<String> {
        Set(record.map(ConversationAttribute.lastReplyBatch)?.strings("fragment_sids") ?? [])
    }
}

/// The flattened `channel_config` of one conversation.
public struct ChannelConfig: Sendable, Hashable {
    public var companyNumber: String?
    public var credentialsSecretName: String?
}

/// The flattened `ai_config` of one conversation, including the engine's own documented keys.
public struct AIConfig: Sendable, Hashable {
    /// Secret name holding `{"ai_api_key": …}`.
    public var apiKeyReference: String?
    /// `replies_model`: the model for replies (default: the engine setting).
    public var model: String?
    /// `replies_instructions`: instructions for replies (default: the engine's built-in text).
    public var instructions: String?

    public init(record: Record) {
        apiKeyReference = record.nonEmptyString("api_key_reference")
        model = record.nonEmptyString("replies_model")
        instructions = record.nonEmptyString("replies_instructions")
    }
}

/// Who holds a conversation's reply lease, and until when.
public struct ReplyLease: Sendable, Hashable {
    public var owner: String
    public var expiresAt: Date

    public init(owner: String, expiresAt: Date) {
        self.owner = owner
        self.expiresAt = expiresAt
    }
}

public enum ConversationError: Error, Hashable, CustomStringConvertible {
    case missingAttribute(String)

    public var description: String {
        switch self {
        case .missingAttribute(let name): "conversation record has no usable '\(name)'; fix the record"
        }
    }
}

/// Names of the attributes the engine owns on a conversation record. Template-sender fields
/// (`created_at`, `initial_processing_time_ms`, …) are never written.
public enum ConversationAttribute {
    public static let status = "conversation_status"
    public static let messages = "messages"
    public static let updatedAt = "updated_at"
    public static let leaseOwner = "reply_lease_owner"
    /// Number, epoch milliseconds.
    public static let leaseExpiresAt = "reply_lease_expires_at"
    public static let pendingReply = "pending_reply"
    public static let lastReplyBatch = "last_reply_batch"
    public static let replyProcessingTimeMs = "reply_processing_time_ms"
    public static let lastInboundAt = "last_inbound_at"
    public static let replyFailureReason = "reply_failure_reason"
    public static let optedOut = "opted_out"
    public static let optedOutAt = "opted_out_at"
    public static let handOffToHuman = "hand_off_to_human"
    public static let handOffToHumanReason = "hand_off_to_human_reason"
    public static let taskComplete = "task_complete"
}

/// `conversation_status` values. The template sender writes `processing`, `initial_message_sent`
/// and `failed_*`; the engine writes the ones below (documented in docs/DATA.md).
public enum ConversationStatus {
    public static let processingReply = "processing_reply"
    public static let replySent = "reply_sent"
    public static let retry = "retry"
    /// A human was notified and the AI did not answer this batch.
    public static let handedOff = "handed_off"
    /// The user opted out (STOP…); the AI will not answer until they opt in again.
    public static let optedOut = "opted_out"
    /// The reply failed permanently (configuration, rejected send); a human was notified.
    public static let replyFailed = "reply_failed"
}
