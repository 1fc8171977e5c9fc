/// What every store's ``ConversationStore/credentialsReferences(channel:companyNumber:limit:)``
/// returns from the records it read: the distinct secret names, in the records' order.
package enum CredentialsReferences {
    /// How many records of a company number a store reads at most for this lookup: enough to see
    /// every secret a number is really configured with, bounded so a number with thousands of
    /// conversations does not make authentication slow.
    package static let recordsRead = 25

    package static func distinct(_ conversations: [Conversation], channel: Channel, limit: Int) -> [String] {
        distinct(names: conversations.map { $0.channelConfig(for: channel).credentialsSecretName }, limit: limit)
    }

    /// The same from each record's `channel_config.<channel>_credentials_id` (nil when absent or
    /// not a string); an empty name counts as none.
    package static func distinct(names candidates: [String?], limit: Int) -> [String] {
        var names: [String] = []
        for case let name? in candidates where names.count < limit && !name.isEmpty && !names.contains(name) {
            names.append(name)
        }
        return names
    }
}
