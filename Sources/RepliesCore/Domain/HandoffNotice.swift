package import Foundation

/// The compact JSON notification sent to the handoff queue when a human must look at a conversation.
/// It carries keys, never message bodies; `batch_id` lets a consumer drop the rare duplicate.
package struct HandoffNotice: Sendable, Hashable, Codable {
    package enum Reason: String, Sendable, Codable {
        /// The record already has `hand_off_to_human`.
        case conversationHandedOff = "conversation_handed_off"
        case autoQueueReplyMessage = "auto_queue_reply_message"
        case autoQueueReplyFromNumber = "auto_queue_reply_message_from_number"
        /// The model asked for a human.
        case modelRequested = "model_requested"
        case optOut = "opt_out"
        case messageAfterOptOut = "message_after_opt_out"
        /// The reply failed permanently; see `detail`.
        case replyFailed = "reply_failed"
        /// A reply budget (per conversation, per company, or the company's `rate_limits`) is
        /// spent; `detail` names it and when replies resume. Sent once per pause.
        case replyBudgetExceeded = "reply_budget_exceeded"
        /// Twilio reported one of our messages `failed` or `undelivered`; `detail` carries the
        /// sender (`ai`/`staff`), the status and Twilio's error code. Once per message SID.
        case deliveryFailed = "delivery_failed"
    }

    package var type = "handoff"
    package var reason: Reason
    package var detail: String?
    package var conversationId: String
    package var primaryChannel: String
    package var channel: Channel
    package var companyId: String?
    package var projectId: String?
    package var messageSids: [String]
    package var batchId: String
    package var createdAt: String
    /// The conversation in the staff console (`PUBLIC_BASE_URL/console#conversation=…`), when the
    /// engine knows its public address.
    package var consoleURL: String?

    package init(
        reason: Reason, detail: String?, conversation: Conversation, channel: Channel,
        messageSids: [String], batchId: String, createdAt: Date
    ) {
        self.init(
            reason: reason, detail: detail, key: conversation.key, companyId: conversation.companyId,
            projectId: conversation.projectId, channel: channel, messageSids: messageSids, batchId: batchId, createdAt: createdAt)
    }

    /// For a conversation whose record could not be read (the company and project are then unknown).
    package init(
        reason: Reason, detail: String?, key: ConversationKey, companyId: String?, projectId: String?, channel: Channel,
        messageSids: [String], batchId: String, createdAt: Date
    ) {
        self.reason = reason
        self.detail = detail
        self.conversationId = key.conversationId
        self.primaryChannel = key.primaryChannel
        self.channel = channel
        self.companyId = companyId
        self.projectId = projectId
        self.messageSids = messageSids
        self.batchId = batchId
        self.createdAt = Timestamp.format(createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case type, reason, detail, channel
        case conversationId = "conversation_id"
        case primaryChannel = "primary_channel"
        case companyId = "company_id"
        case projectId = "project_id"
        case messageSids = "message_sids"
        case batchId = "batch_id"
        case createdAt = "created_at"
        case consoleURL = "console_url"
    }

    /// This notice with a link to its conversation in the console at `console` (nil: none).
    package func linked(to console: String?) -> HandoffNotice {
        guard let console else { return self }
        var linked = self
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let segment = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        linked.consoleURL = console + "#conversation=" + segment(primaryChannel) + "/" + segment(conversationId)
        return linked
    }

    package func jsonBody() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}
