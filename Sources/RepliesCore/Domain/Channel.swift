/// A messaging channel the engine answers on, with the names the shared data contract uses for it.
///
/// ```swift
/// let channel = Channel(path: "/whatsapp")   // .whatsapp
/// channel?.lookupIndex                         // "company-whatsapp-number-recipient-tel-index"
/// ```
package enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
    case whatsapp
    case sms

    /// Matches a webhook path such as `/whatsapp`.
    package init?(path: String) {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        self.init(rawValue: trimmed)
    }

    /// The prefix Twilio puts in front of phone numbers on this channel (`whatsapp:`), empty for SMS.
    package var addressPrefix: String { self == .whatsapp ? "whatsapp:" : "" }

    package var webhookPath: String { "/" + rawValue }

    /// The ConversationsTable GSI that finds a conversation from (company number, user number).
    package var lookupIndex: String {
        switch self {
        case .whatsapp: "company-whatsapp-number-recipient-tel-index"
        case .sms: "company-sms-number-recipient-tel-index"
        }
    }

    /// Hash key attribute of ``lookupIndex``; its range key is always `gsi_recipient_tel`.
    package var companyNumberIndexAttribute: String { "gsi_company_\(rawValue)_number" }

    /// Key of the company number inside the flattened `channel_config`.
    package var companyNumberConfigKey: String { "company_\(rawValue)_number" }

    /// Key of the Twilio secret name inside the flattened `channel_config`.
    package var credentialsConfigKey: String { "\(rawValue)_credentials_id" }

    /// Renders a number the way Twilio expects it on this channel (`whatsapp:+447…`).
    package func address(_ number: PhoneNumber) -> String { addressPrefix + number.value }
}
