package import Foundation

/// A conversation's line in its company's operator inbox (embedded: the `operator_inbox`
/// table; AWS: `OPERATOR_INBOX_TABLE`). The record stays the truth: the inbox only finds
/// conversations, and every listing re-reads their records.
package struct InboxEntry: Sendable, Hashable {
    package var companyId: String
    package var conversation: ConversationKey
    package var handedOff: Bool
    /// The record's `handed_off_at`: the inbox's order, newest first.
    package var handedOffAt: Date
    package var updatedAt: Date

    package init(companyId: String, conversation: ConversationKey, handedOff: Bool, handedOffAt: Date, updatedAt: Date) {
        self.companyId = companyId
        self.conversation = conversation
        self.handedOff = handedOff
        self.handedOffAt = handedOffAt
        self.updatedAt = updatedAt
    }
}

/// Where a page of the inbox continues: after this entry in (handed-off time descending,
/// primary channel, conversation id) order.
package struct InboxCursor: Sendable, Hashable {
    package var handedOffAtMs: Int64
    package var conversation: ConversationKey

    package init(handedOffAtMs: Int64, conversation: ConversationKey) {
        self.handedOffAtMs = handedOffAtMs
        self.conversation = conversation
    }

    /// The cursor as the API hands it out: opaque, URL-safe.
    package var token: String {
        let text = "\(handedOffAtMs)\n\(conversation.primaryChannel)\n\(conversation.conversationId)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    package init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count == 3, let millis = Int64(parts[0]), !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(handedOffAtMs: millis, conversation: ConversationKey(primaryChannel: String(parts[1]), conversationId: String(parts[2])))
    }

    /// Whether `entry` comes after this cursor in the inbox's order.
    package func precedes(_ entry: InboxEntry) -> Bool {
        let millis = Timestamp.epochMilliseconds(entry.handedOffAt)
        if millis != handedOffAtMs { return millis < handedOffAtMs }
        return (entry.conversation.primaryChannel, entry.conversation.conversationId)
            > (conversation.primaryChannel, conversation.conversationId)
    }
}

/// One page of the inbox.
package struct InboxPage: Sendable, Hashable {
    package var entries: [InboxEntry]
    package var next: InboxCursor?

    package init(entries: [InboxEntry], next: InboxCursor?) {
        self.entries = entries
        self.next = next
    }
}
