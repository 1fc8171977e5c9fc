/// Primary key of a record in the shared ConversationsTable.
package struct ConversationKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The user's E.164 number (no channel prefix).
    package let primaryChannel: String
    /// `{company_id}#{project_id}#{request_id}#{channel component}`.
    package let conversationId: String

    package init(primaryChannel: String, conversationId: String) {
        self.primaryChannel = primaryChannel
        self.conversationId = conversationId
    }

    /// Safe to log: the phone number is masked.
    package var description: String { "\(PhoneNumber.mask(primaryChannel))/\(conversationId)" }
}
