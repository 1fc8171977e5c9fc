/// How replies are sent.
package struct SenderKeys: ConfigKeyGroup {
    package static let title = "Sender"

    package let kind: ConfigKey<SenderKind> = .choice(
        "REPLIES_SENDER", default: .twilio, "`twilio` or `console` (print instead of sending)")
    package let twilioBaseURL: ConfigKey<String> = .url(
        "TWILIO_API_BASE_URL", default: "https://api.twilio.com", "Twilio's REST API (a fake in tests)")
    package let sendGridBaseURL: ConfigKey<String> = .url(
        "SENDGRID_API_BASE_URL", default: "https://api.sendgrid.com",
        "SendGrid's Mail Send API for e-mail replies (`https://api.eu.sendgrid.com` for EU subusers; a fake in tests)")

    package init() {}
}

/// Which sender delivers replies.
package enum SenderKind: String, CaseIterable, Sendable { case twilio, console }
