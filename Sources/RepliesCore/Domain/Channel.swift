/// A messaging channel the engine answers on, with the names the shared data contract uses for it.
///
/// ```swift
/// let channel = Channel(path: "/whatsapp")   // .whatsapp
/// channel?.lookupIndex                         // "company-whatsapp-number-recipient-tel-index"
/// Channel.email.userIndexAttribute             // "gsi_recipient_email"
/// ```
package enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
    case whatsapp
    case sms
    /// Through SendGrid: Inbound Parse posts in, Mail Send out (docs/EMAIL.md).
    case email

    /// Matches a webhook path such as `/whatsapp`.
    package init?(path: String) {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        self.init(rawValue: trimmed)
    }

    /// The Twilio channels (whose addresses are phone numbers and whose webhooks Twilio signs).
    package static let twilio: [Channel] = [.whatsapp, .sms]

    package var isTwilio: Bool { self != .email }

    /// The prefix Twilio puts in front of phone numbers on this channel (`whatsapp:`), empty for SMS.
    package var addressPrefix: String { self == .whatsapp ? "whatsapp:" : "" }

    package var webhookPath: String { "/" + rawValue }

    /// The ConversationsTable GSI that finds a conversation from (company number, user number).
    package var lookupIndex: String {
        switch self {
        case .whatsapp: "company-whatsapp-number-recipient-tel-index"
        case .sms: "company-sms-number-recipient-tel-index"
        case .email: "company-email-recipient-email-index"
        }
    }

    /// Hash key attribute of ``lookupIndex``: the company's number (or e-mail address).
    package var companyNumberIndexAttribute: String {
        self == .email ? "gsi_company_email" : "gsi_company_\(rawValue)_number"
    }

    /// Range key attribute of ``lookupIndex``: the person's number (or e-mail address).
    package var userIndexAttribute: String { self == .email ? "gsi_recipient_email" : "gsi_recipient_tel" }

    /// The record attribute the template sender copies ``userIndexAttribute`` from.
    package var userAttribute: String { self == .email ? "recipient_email" : "recipient_tel" }

    /// Key of the company number (or address) inside the flattened `channel_config`.
    package var companyNumberConfigKey: String { self == .email ? "company_email" : "company_\(rawValue)_number" }

    /// Key of the provider secret's name inside the flattened `channel_config`.
    package var credentialsConfigKey: String { "\(rawValue)_credentials_id" }

    /// The field of that secret a webhook's signature is checked with.
    package var signingSecretField: String { self == .email ? "sendgrid_inbound_verification_key" : "twilio_auth_token" }

    /// Renders a number the way Twilio expects it on this channel (`whatsapp:+447…`).
    package func address(_ number: PhoneNumber) -> String { addressPrefix + number.value }
}
