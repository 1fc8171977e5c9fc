import Foundation

/// The queue message that asks a worker to answer a conversation's staged fragments.
/// Wire shape (unchanged from the original): `{"conversation_id": …, "primary_channel": …}`.
public struct Trigger: Sendable, Hashable, Codable {
    public var conversationId: String
    public var primaryChannel: String

    public init(conversationId: String, primaryChannel: String) {
        self.conversationId = conversationId
        self.primaryChannel = primaryChannel
    }

    public init(_ key: ConversationKey) {
        self.init(conversationId: key.conversationId, primaryChannel: key.primaryChannel)
    }

    public var key: ConversationKey { ConversationKey(primaryChannel: primaryChannel, conversationId: conversationId) }

    enum CodingKeys: String, CodingKey {
        case conversationId = "conversation_id"
        case primaryChannel = "primary_channel"
    }

    public func encodedBody() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding two strings cannot fail.
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// Parses a queue message body; nil for anything that is not a trigger with both keys non-empty.
    public init?(body: String) {
        guard let trigger = try? JSONDecoder().decode(Trigger.self, from: Data(body.utf8)),
              !trigger.conversationId.isEmpty, !trigger.primaryChannel.isEmpty
        else { return nil }
        self = trigger
    }
}
