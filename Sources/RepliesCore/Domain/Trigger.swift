import Foundation

/// The queue message that asks a worker to answer a conversation's staged fragments.
/// Wire shape (unchanged from the original): `{"conversation_id": …, "primary_channel": …}`.
package struct Trigger: Sendable, Hashable, Codable {
    package var conversationId: String
    package var primaryChannel: String

    package init(conversationId: String, primaryChannel: String) {
        self.conversationId = conversationId
        self.primaryChannel = primaryChannel
    }

    package init(_ key: ConversationKey) {
        self.init(conversationId: key.conversationId, primaryChannel: key.primaryChannel)
    }

    package var key: ConversationKey { ConversationKey(primaryChannel: primaryChannel, conversationId: conversationId) }

    enum CodingKeys: String, CodingKey {
        case conversationId = "conversation_id"
        case primaryChannel = "primary_channel"
    }

    package func encodedBody() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding two strings cannot fail.
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// Parses a queue message body; nil for anything that is not a trigger with both keys non-empty.
    package init?(body: String) {
        guard let trigger = try? JSONDecoder().decode(Trigger.self, from: Data(body.utf8)),
              !trigger.conversationId.isEmpty, !trigger.primaryChannel.isEmpty
        else { return nil }
        self = trigger
    }
}
