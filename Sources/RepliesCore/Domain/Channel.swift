/// A messaging channel the engine answers on, with the names the shared data contract uses for it.
///
/// ```swift
/// let channel = Channel(path: "/whatsapp")   // .whatsapp
/// channel?.lookupIndex                         // "company-whatsapp-number-recipient-tel-index"
/// ```
public enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
    case whatsapp
    case sms

    /// Matches a webhook path such as `/whatsapp`.
    public init?(path: String) {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        self.init(rawValue: trimmed)
    }

    /// The prefix Twilio puts in front of phone numbers on this channel (`whatsapp:`), empty for SMS.
    public var addressPrefix: String { self == .whatsapp ? "whatsapp:" : "" }

    public var webhookPath: String { "/" + rawValue }

    /// The ConversationsTable GSI that finds a conversation from (company number, user number).
    public var lookupIndex: String {
        switch self {
        case .whatsapp: "company-whatsapp-number-recipient-tel-index"
        case .sms: "company-sms-number-recipient-tel-index"
        }
    }

    /// Hash key attribute of ``lookupIndex``; its range key is always `gsi_recipient_tel`.
    public var companyNumberIndexAttribute: String { "gsi_company_\(rawValue)_number" }

    /// Key of the company number inside the flattened `channel_config`.
    public var companyNumberConfigKey: String { "company_\(rawValue)_number" }

    /// Key of the Twilio secret name inside the flattened `channel_config`.
    public var credentialsConfigKey: String { "\(rawValue)_credentials_id" }

    /// Renders a number the way Twilio expects it on this channel (`whatsapp:+447…`).
    public func address(_ number: PhoneNumber) -> String { addressPrefix + number.value }
}
