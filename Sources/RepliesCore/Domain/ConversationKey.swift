/// Primary key of a record in the shared ConversationsTable.
public struct ConversationKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The user's E.164 number (no channel prefix).
    public let primaryChannel: String
    /// `{company_id}#{project_id}#{request_id}#{channel component}`.
    public let conversationId: String

    public init(primaryChannel: String, conversationId: String) {
        self.primaryChannel = primaryChannel
        self.conversationId = conversationId
    }

    /// Safe to log: the phone number is masked.
    public var description: String { "\(PhoneNumber.mask(primaryChannel))/\(conversationId)" }
}
