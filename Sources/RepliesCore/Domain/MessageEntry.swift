/// One entry of a conversation's `messages` list, in the exact shape of the data contract:
/// `{message_id, timestamp, role, content}` plus Number token counts on assistant entries and
/// `operator_name` (the operator token's name) on `operator` entries: a human's reply sent
/// through the operator API.
package struct MessageEntry: Sendable, Hashable {
    package enum Role: String, Sendable { case user, assistant, `operator` }

    package var messageId: String
    package var timestamp: String
    package var role: Role
    package var content: String
    package var tokens: TokenUsage?
    /// `operator` entries: the name of the operator token that sent it.
    package var operatorName: String?

    package init(messageId: String, timestamp: String, role: Role, content: String, tokens: TokenUsage? = nil, operatorName: String? = nil) {
        self.messageId = messageId
        self.timestamp = timestamp
        self.role = role
        self.content = content
        self.tokens = tokens
        self.operatorName = operatorName
    }

    /// Reads an entry leniently: entries with an unknown role or no content are skipped by callers.
    package init?(value: RecordValue) {
        guard let map = value.mapValue,
              let role = map.string("role").flatMap(Role.init(rawValue:)),
              let content = map.string("content")
        else { return nil }
        self.messageId = map.string("message_id") ?? ""
        self.timestamp = map.string("timestamp") ?? ""
        self.role = role
        self.content = content
        if let prompt = map.int("prompt_tokens"), let completion = map.int("completion_tokens") {
            self.tokens = TokenUsage(prompt: prompt, completion: completion, total: map.int("total_tokens") ?? prompt + completion)
        }
        self.operatorName = map.string("operator_name")
    }

    package var recordValue: RecordValue {
        var map: Record = [
            "message_id": .string(messageId),
            "timestamp": .string(timestamp),
            "role": .string(role.rawValue),
            "content": .string(content),
        ]
        if role == .assistant {
            let usage = tokens ?? TokenUsage(prompt: 0, completion: 0, total: 0)
            map["prompt_tokens"] = .int(usage.prompt)
            map["completion_tokens"] = .int(usage.completion)
            map["total_tokens"] = .int(usage.total)
        }
        if role == .operator, let operatorName { map["operator_name"] = .string(operatorName) }
        return .map(map)
    }
}

/// Token counts of one model call.
package struct TokenUsage: Sendable, Hashable, Codable {
    package var prompt: Int
    package var completion: Int
    package var total: Int

    package init(prompt: Int, completion: Int, total: Int) {
        self.prompt = prompt
        self.completion = completion
        self.total = total
    }
}
