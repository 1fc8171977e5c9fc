import Foundation
import RepliesCore

/// The JSON body of `POST /responses` for one stateless reply call.
///
/// `instructions` are the reply instructions followed by the context block (company, project,
/// representative, project data: trusted data, so it goes where the model gives it authority,
/// never in a user message a person could imitate). `input` is the history in order, then the
/// new user turn. `store: false` because the record, not OpenAI, keeps the conversation.
/// `max_output_tokens` bounds what one call can cost; `safety_identifier` is an HMAC of the
/// person's number under the deployment's key (omitted when no key is configured).
///
/// ```swift
/// let body = try ResponsesRequestBody(prompt: prompt, maxOutputTokens: 8000, safetyKey: key).encoded()
/// ```
struct ResponsesRequestBody: Encodable, Sendable {
    struct Message: Encodable, Sendable, Hashable {
        var role: String
        var content: MessageContent
    }

    struct TextOptions: Encodable, Sendable {
        var format: Format
    }

    struct Format: Encodable, Sendable {
        var type = "json_schema"
        var name = "reply"
        var strict = true
        var schema: RecordValue
    }

    var model: String
    var instructions: String
    var input: [Message]
    var store: Bool
    var text: TextOptions
    var safetyIdentifier: String?
    var maxOutputTokens: Int?

    private enum CodingKeys: String, CodingKey {
        case model, instructions, input, store, text
        case safetyIdentifier = "safety_identifier"
        case maxOutputTokens = "max_output_tokens"
    }

    init(prompt: ModelPrompt, maxOutputTokens: Int?, safetyKey: SafetyIdentifierKey?) {
        var input: [Message] = []
        // Empty turns carry nothing and some servers reject empty content.
        for turn in prompt.history where !turn.text.isBlank {
            input.append(Message(role: turn.role.rawValue, content: .text(turn.text)))
        }
        input.append(Message(role: "user", content: prompt.userParts.map(MessageContent.parts) ?? .text(prompt.userTurn)))
        self.model = prompt.model
        self.instructions = prompt.context.isBlank ? prompt.instructions : prompt.instructions + "\n\n" + prompt.context
        self.input = input
        self.store = false
        self.text = TextOptions(format: Format(schema: Self.replySchema))
        self.safetyIdentifier = safetyKey.map { $0.identifier(for: prompt.endUserId) }
        self.maxOutputTokens = maxOutputTokens
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The reply schema. Strict mode demands every property in `required` and no extra ones,
    /// so the optional reason is expressed as nullable instead.
    static let replySchema: RecordValue = .map([
        "type": .string("object"),
        "properties": .map([
            "content": .map(["type": .string("string")]),
            "hand_off_to_human": .map(["type": .string("boolean")]),
            "hand_off_to_human_reason": .map(["type": .list([.string("string"), .string("null")])]),
            "task_complete": .map(["type": .string("boolean")]),
        ]),
        "required": .list(["content", "hand_off_to_human", "hand_off_to_human_reason", "task_complete"].map(RecordValue.string)),
        "additionalProperties": .bool(false),
    ])
}

extension String {
    var isBlank: Bool { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
