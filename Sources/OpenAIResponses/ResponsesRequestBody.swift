import Foundation
import RepliesCore

/// The JSON body of `POST /responses` for one stateless reply call.
///
/// `input` is the context block as a user message (the "Initial context" the template sender
/// gave the first model), then the history in order, then the new user turn. `store: false`
/// because the record, not OpenAI, keeps the conversation.
///
/// ```swift
/// let body = try ResponsesRequestBody(prompt: prompt, maxOutputTokens: nil).encoded()
/// ```
struct ResponsesRequestBody: Encodable, Sendable {
    struct Message: Encodable, Sendable, Hashable {
        var role: String
        var content: String
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
    var safetyIdentifier: String
    var maxOutputTokens: Int?

    private enum CodingKeys: String, CodingKey {
        case model, instructions, input, store, text
        case safetyIdentifier = "safety_identifier"
        case maxOutputTokens = "max_output_tokens"
    }

    init(prompt: ModelPrompt, maxOutputTokens: Int?) {
        var input: [Message] = []
        // Empty turns carry nothing and some servers reject empty content.
        if !prompt.context.isBlank { input.append(Message(role: "user", content: prompt.context)) }
        for turn in prompt.history where !turn.text.isBlank {
            input.append(Message(role: turn.role.rawValue, content: turn.text))
        }
        input.append(Message(role: "user", content: prompt.userTurn))
        self.model = prompt.model
        self.instructions = prompt.instructions
        self.input = input
        self.store = false
        self.text = TextOptions(format: Format(schema: Self.replySchema))
        self.safetyIdentifier = SafetyIdentifier.hash(prompt.endUserId)
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
