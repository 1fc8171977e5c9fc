package import Foundation

/// The hand-back rule and the 24-hour window, read from a record.
///
/// Waiting: the person's turns after the last `assistant` or `operator` turn of the record's
/// tail are the messages nobody answered; a hand-back makes the AI answer them.
package enum ConversationWaiting {
    /// The trailing user turns: the newest `user` entries after the last `assistant`/`operator` one.
    package static func unansweredTurns(_ messages: [MessageEntry]) -> [MessageEntry] {
        Array(messages.reversed().prefix { $0.role == .user }.reversed())
    }

    /// When the person last wrote: the newest user turn's time, the record's `last_inbound_at`,
    /// or a staged message's receive time, whichever is latest.
    package static func lastInbound(_ conversation: Conversation, staged: [Fragment]) -> Date? {
        var times = staged.map(\.receivedAt)
        if let text = conversation.record.string(ConversationAttribute.lastInboundAt), let date = Timestamp.parse(text) { times.append(date) }
        if let turn = conversation.messages.last(where: { $0.role == .user }), let date = Timestamp.parse(turn.timestamp) { times.append(date) }
        return times.max()
    }

    /// WhatsApp's customer service window: free-form messages only within 24 h of the person's
    /// last message (Twilio error 63016 after it).
    package static let whatsappWindow: TimeInterval = 24 * 3600

    /// When the window closes (closed), nil when the person never wrote. Only WhatsApp has one.
    package static func windowClosesAt(_ conversation: Conversation, channel: Channel, staged: [Fragment]) -> Date? {
        guard channel == .whatsapp else { return nil }
        return lastInbound(conversation, staged: staged)?.addingTimeInterval(whatsappWindow)
    }

    package static func freeFormPossible(_ conversation: Conversation, channel: Channel, staged: [Fragment], now: Date) -> Bool {
        guard channel == .whatsapp else { return true }
        guard let closes = windowClosesAt(conversation, channel: channel, staged: staged) else { return false }
        return now < closes
    }
}
