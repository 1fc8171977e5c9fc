/// WhatsApp's typing indicator (Twilio public beta: `POST /v2/Indicators/Typing.json` on
/// messaging.twilio.com with `channel=whatsapp` and `messageId`); it also marks the message read
/// and disappears when the reply arrives or after about 25 seconds.
package protocol TypingIndicator: Sendable {
    func showTyping(replyingTo messageSid: String, credentials: SenderCredentials) async throws
}

/// The `ai_config.typing_indicator` key (default true).
package enum TypingIndicatorSetting {
    package static func isOn(for conversation: Conversation) -> Bool {
        conversation.record.map("ai_config")?.bool("typing_indicator") ?? true
    }
}
