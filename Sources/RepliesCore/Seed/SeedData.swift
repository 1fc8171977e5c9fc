/// What `seed` writes, after parsing and validation: plain-JSON records shaped exactly like the
/// template sender's (`_comment` keys removed, `gsi_*` lookup attributes filled in where a
/// hand-written record left them out) and the secrets they reference.
///
/// ```swift
/// let document = SeedDocument.parse(data, path: "docs/examples/seed.json")
/// let report = try await writer.write(document.data, replacingHistory: false)
/// ```
package struct SeedData: Sendable, Hashable {
    package var companies: [Record]
    package var conversations: [Record]
    package var secrets: [String: [String: String]]

    package init(companies: [Record] = [], conversations: [Record] = [], secrets: [String: [String: String]] = [:]) {
        self.companies = companies
        self.conversations = conversations
        self.secrets = secrets
    }

    package var isEmpty: Bool { companies.isEmpty && conversations.isEmpty && secrets.isEmpty }

    /// The keys of ``conversations`` (records without a usable key are skipped: validation
    /// refuses them before anything is written).
    package var conversationKeys: [ConversationKey] {
        conversations.compactMap { try? Conversation(record: $0).key }
    }

    /// Fills the sparse `gsi_*` lookup attributes the way the template sender writes them, when a
    /// hand-written record leaves them out; never changes ones that are present.
    package static func withIndexAttributes(_ record: Record) -> Record {
        var record = record
        if record["gsi_recipient_tel"] == nil, let tel = record.nonEmptyString("recipient_tel") {
            record["gsi_recipient_tel"] = .string(tel)
        }
        if record["gsi_recipient_email"] == nil, let email = record.nonEmptyString("recipient_email") {
            record["gsi_recipient_email"] = .string(email)
        }
        let config = record.map("channel_config") ?? [:]
        for channel in Channel.allCases where record[channel.companyNumberIndexAttribute] == nil {
            if let number = config.nonEmptyString(channel.companyNumberConfigKey) {
                record[channel.companyNumberIndexAttribute] = .string(number)
            }
        }
        return record
    }
}
