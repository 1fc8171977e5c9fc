/// Whether one conversation record can ever be matched and answered, the way ``Ingest`` and
/// the batch see it: the lookup index needs the user's and the company's E.164 numbers (or
/// lower-case e-mail addresses), the signature needs the channel's Twilio (SendGrid) secret, the project must be active and allow the
/// channel (the live company record wins, as in ingest), and a reply needs an OpenAI key
/// reference. Plus warnings for legal values that make the engine stay silent.
struct ConversationChecks {
    let record: Record
    let location: SeedLocation
    let companies: [CompanyKey: Record]
    let secrets: [String: [String: String]]

    private var config: Record { record.map("channel_config") ?? [:] }

    /// The channels the record is answered on: its `channel_method`, or (without one) every
    /// channel it has a company number for.
    var channels: [Channel] {
        if let method = record.string("channel_method") { return Channel(rawValue: method).map { [$0] } ?? [] }
        return Channel.allCases.filter { companyNumber($0) != nil }
    }

    var userNumber: String? { userAddress(.whatsapp) }

    /// What the channel's lookup index finds the person by: `gsi_recipient_tel` (else
    /// `recipient_tel`), or for e-mail `gsi_recipient_email` (else `recipient_email`).
    func userAddress(_ channel: Channel) -> String? {
        record.nonEmptyString(channel.userIndexAttribute) ?? record.nonEmptyString(channel.userAttribute)
    }

    func companyNumber(_ channel: Channel) -> String? {
        record.nonEmptyString(channel.companyNumberIndexAttribute) ?? config.nonEmptyString(channel.companyNumberConfigKey)
    }

    /// `channel|company|user` for each channel the record is found on.
    var numberPairs: [String] {
        channels.compactMap { channel in
            guard let user = userAddress(channel), let company = companyNumber(channel) else { return nil }
            return "\(channel.rawValue)|\(company)|\(user)"
        }
    }

    func issues() -> [SeedIssue] {
        var issues = keyIssues()
        issues += shapeIssues()
        if let method = record["channel_method"] {
            if case .string(let text) = method, Channel(rawValue: text) == nil {
                let answered = Channel.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(error("channel_method", "\"\(text)\" is not a channel the engine answers (\(answered)): this record would never be matched"))
            }
        } else {
            issues.append(warning("channel_method", "is missing: the record is answered on every channel it has a company number for"))
            if channels.isEmpty {
                issues.append(error("channel_config", "has no company number or address for any channel (company_whatsapp_number, company_sms_number, company_email): this record would never be matched"))
            }
        }
        if channels.contains(where: \.isTwilio) { issues += userNumberIssues() }
        if channels.contains(.email) { issues += userEmailIssues() }
        for channel in channels {
            issues += channelIssues(channel)
        }
        issues += modelKeyIssues()
        issues += silenceWarnings()
        return issues
    }

    // MARK: - Checks

    private func keyIssues() -> [SeedIssue] {
        var issues: [SeedIssue] = []
        if record["primary_channel"] == nil {
            issues.append(SeedIssue(
                .error, location, field: "primary_channel",
                "is missing: every conversation record is keyed by the user's number (primary_channel) and conversation_id", blocking: true))
        }
        if record["conversation_id"] == nil {
            issues.append(SeedIssue(
                .error, location, field: "conversation_id", "is missing: every conversation record is keyed by primary_channel and conversation_id",
                blocking: true))
        }
        return issues
    }

    /// The template sender flattens `channel_config` and `ai_config` to the conversation's
    /// channel; some documents wrongly show the company record's nested shape.
    private func shapeIssues() -> [SeedIssue] {
        var issues: [SeedIssue] = []
        if Channel.allCases.contains(where: { config[$0.rawValue]?.mapValue != nil }) {
            issues.append(error("channel_config", "is nested by channel (a company record's shape); a conversation's is flattened: {\"company_whatsapp_number\": \"+44…\", \"whatsapp_credentials_id\": \"…\"}"))
        }
        if record.map("ai_config")?["openai_config"] != nil {
            issues.append(error("ai_config", "is nested (ai_config.openai_config.<channel>, a company record's shape); a conversation's is flattened: {\"api_key_reference\": \"…\"}"))
        }
        return issues
    }

    private func userNumberIssues() -> [SeedIssue] {
        guard let user = userNumber else {
            return [error("recipient_tel", "is missing (and there is no gsi_recipient_tel): inbound messages are found by the user's number, so this record would never be matched")]
        }
        var issues: [SeedIssue] = []
        let field = record.nonEmptyString("gsi_recipient_tel") != nil ? "gsi_recipient_tel" : "recipient_tel"
        if !Self.isE164(user) {
            issues.append(error(field, "is not an E.164 number (\"+\" then digits, e.g. +447700900123): Twilio's From never matches it"))
        }
        if let tel = record.nonEmptyString("recipient_tel"), tel != user {
            issues.append(warning("gsi_recipient_tel", "differs from recipient_tel: inbound messages are found by gsi_recipient_tel"))
        }
        if let primary = record.nonEmptyString("primary_channel"), primary != user {
            issues.append(warning("primary_channel", "differs from the user's number (recipient_tel): replies are sent to primary_channel"))
        }
        return issues
    }

    private func userEmailIssues() -> [SeedIssue] {
        let channel = Channel.email
        guard let user = userAddress(channel) else {
            return [error(channel.userAttribute, "is missing (and there is no \(channel.userIndexAttribute)): inbound e-mail is found by the person's address, so this record would never be matched")]
        }
        let field = record.nonEmptyString(channel.userIndexAttribute) != nil ? channel.userIndexAttribute : channel.userAttribute
        var issues = addressIssues(user, field: field, role: "the sender of an inbound e-mail")
        if let primary = record.nonEmptyString("primary_channel"), primary.lowercased() != user.lowercased() {
            issues.append(warning("primary_channel", "differs from the person's address (\(channel.userAttribute)): replies are sent to primary_channel"))
        }
        return issues
    }

    /// Addresses are looked up lower-cased (DynamoDB cannot compare case-insensitively).
    private func addressIssues(_ address: String, field: String, role: String) -> [SeedIssue] {
        guard Self.isEmailAddress(address) else {
            return [error(field, "is not an e-mail address (local@domain): \(role) never matches it")]
        }
        guard address == address.lowercased() else {
            return [error(field, "has capital letters: addresses are matched lower-cased, so \(role) never matches it; store it lower-case")]
        }
        return []
    }

    private func channelIssues(_ channel: Channel) -> [SeedIssue] {
        var issues: [SeedIssue] = []
        let numberField = "channel_config.\(channel.companyNumberConfigKey)"
        if let number = companyNumber(channel), channel == .email {
            issues += addressIssues(
                record.nonEmptyString(channel.companyNumberIndexAttribute) ?? number,
                field: record.nonEmptyString(channel.companyNumberIndexAttribute) != nil ? channel.companyNumberIndexAttribute : numberField,
                role: "the recipient of an inbound e-mail")
        } else if let number = companyNumber(channel) {
            if !Self.isE164(number) {
                issues.append(error(numberField, "is not an E.164 number (\"+\" then digits): Twilio's To never matches it"))
            }
            if let indexed = record.nonEmptyString(channel.companyNumberIndexAttribute), let configured = config.nonEmptyString(channel.companyNumberConfigKey),
               indexed != configured {
                issues.append(warning(channel.companyNumberIndexAttribute, "differs from \(numberField): inbound messages are found by \(channel.companyNumberIndexAttribute), replies are sent from \(numberField)"))
            }
        } else {
            issues.append(error(numberField, "is missing (and there is no \(channel.companyNumberIndexAttribute)): inbound \(channel.rawValue) messages are found by the company number, so this record would never be matched"))
        }
        issues += credentialIssues(channel)
        issues += projectIssues(channel)
        return issues
    }

    private func credentialIssues(_ channel: Channel) -> [SeedIssue] {
        let field = "channel_config.\(channel.credentialsConfigKey)"
        let provider = channel.isTwilio ? "Twilio" : "SendGrid"
        guard let name = config.nonEmptyString(channel.credentialsConfigKey) else {
            return [error(field, "is missing: without the tenant's \(provider) secret no webhook signature can be checked, so every \(channel.rawValue) message would be refused")]
        }
        guard let secret = secrets[name] else {
            return [error(field, "names the secret \"\(name)\", which is neither in this file's \"secrets\" nor in the backend")]
        }
        let required = channel.isTwilio ? ["twilio_auth_token", "twilio_account_sid"] : ["sendgrid_inbound_verification_key", "sendgrid_auth_value"]
        return required.compactMap { key in
            guard secret[key]?.isEmpty ?? true else { return nil }
            let effect = key == channel.signingSecretField ? "webhook signatures cannot be checked" : "replies cannot be sent"
            return error(field, "the secret \"\(name)\" has no \(key): \(effect)")
        }
    }

    /// Mirrors ingest: the live company record's `project_status` and `allowed_channels` win
    /// over the conversation's snapshot.
    private func projectIssues(_ channel: Channel) -> [SeedIssue] {
        var issues: [SeedIssue] = []
        let company = CompanyKey(record: record).flatMap { companies[$0] }
        var status = record["project_status"]
        var statusSource = ""
        if let live = company?.string("project_status") {
            status = .string(live)
            statusSource = " in the company record"
        }
        if status?.stringValue != "active" {
            let found = switch status {
            case nil: "is missing"
            case .string(let text)?: "is \"\(text)\"\(statusSource)"
            case let other?: "is \(other.typeDescription), not the string \"active\""
            }
            issues.append(error("project_status", "\(found): the project is not active, so every inbound message is refused"))
        }
        var allowed = record.strings("allowed_channels")
        var allowedSource = ""
        if let company, company["allowed_channels"] != nil {
            allowed = company.strings("allowed_channels")
            allowedSource = " in the company record"
        }
        if !allowed.contains(channel.rawValue) {
            let hint = allowed.compactMap { Suggestion.nearest(to: $0, in: [channel.rawValue], maxDistance: 2) }.isEmpty ? "" : " (check the spelling)"
            issues.append(error("allowed_channels", "does not contain \"\(channel.rawValue)\"\(allowedSource)\(hint): every inbound \(channel.rawValue) message is refused"))
        }
        return issues
    }

    private func modelKeyIssues() -> [SeedIssue] {
        let field = "ai_config.api_key_reference"
        guard let name = record.map("ai_config")?.nonEmptyString("api_key_reference") else {
            return [error(field, "is missing: every reply reads the OpenAI key from this secret (the offline model too), so every batch would fail and go to a human")]
        }
        guard let secret = secrets[name] else {
            return [error(field, "names the secret \"\(name)\", which is neither in this file's \"secrets\" nor in the backend")]
        }
        guard let key = secret["ai_api_key"], !key.isEmpty else {
            return [error(field, "the secret \"\(name)\" has no ai_api_key: every batch would fail and go to a human")]
        }
        return []
    }

    /// Legal values that make the engine stay silent or behave unlike a fresh conversation.
    private func silenceWarnings() -> [SeedIssue] {
        var issues: [SeedIssue] = []
        if let status = record.string("conversation_status"), status.hasPrefix("failed_") {
            issues.append(warning("conversation_status", "\"\(status)\": the engine never answers a record the template sender marked failed"))
        }
        if record.bool(ConversationAttribute.handOffToHuman) == true {
            issues.append(warning("hand_off_to_human", "is true: every inbound message goes to a human, the AI does not answer"))
        }
        if record.bool("auto_queue_reply_message") == true {
            issues.append(warning("auto_queue_reply_message", "is true: every inbound message goes to a human, the AI does not answer"))
        }
        if let user = userNumber, record.strings("auto_queue_reply_message_from_number").contains(user) {
            issues.append(warning("auto_queue_reply_message_from_number", "lists the user's number: their messages go to a human, the AI does not answer"))
        }
        if record.bool(ConversationAttribute.optedOut) == true {
            issues.append(warning("opted_out", "is true: the user opted out; messages are recorded but not answered until they send START"))
        }
        for name in ConversationAttribute.engineOnly.sorted() where record[name] != nil && name != ConversationAttribute.optedOut {
            issues.append(warning(name, "is written by the engine (docs/DATA.md); seeding it is unusual and changes how the next batch runs"))
        }
        if let created = record.string("created_at"), Timestamp.parse(created) == nil {
            issues.append(warning("created_at", "is not a date: when several records share a number pair, this one sorts as the oldest"))
        }
        return issues
    }

    // MARK: - Helpers

    /// E.164 as Twilio sends `From`/`To`: "+", a non-zero digit, up to 15 digits in all.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace)
    }

    static func isE164(_ text: String) -> Bool {
        let digits = text.dropFirst()
        return text.hasPrefix("+") && (7...15).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit) && digits.first != "0"
    }

    private func error(_ field: String, _ message: String) -> SeedIssue { SeedIssue(.error, location, field: field, message) }
    private func warning(_ field: String, _ message: String) -> SeedIssue { SeedIssue(.warning, location, field: field, message) }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
