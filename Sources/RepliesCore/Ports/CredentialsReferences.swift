/// What every store's ``ConversationStore/credentialsReferences(channel:companyNumber:limit:)``
/// returns from the records it read: the distinct secret names, in the records' order.
package enum CredentialsReferences {
    /// How many records of a company number a store reads at most for this lookup: enough to see
    /// every secret a number is really configured with, bounded so a number with thousands of
    /// conversations does not make authentication slow.
    package static let recordsRead = 25

    package static func distinct(_ conversations: [Conversation], channel: Channel, limit: Int) -> [String] {
        var names: [String] = []
        for conversation in conversations where names.count < limit {
            if let name = conversation.channelConfig(for: channel).credentialsSecretName, !names.contains(name) {
                names.append(name)
            }
        }
        return names
    }
}
