/// Everything a reply model needs for one stateless call: instructions, the context block rebuilt
/// from the record, bounded history and the new merged user turn.
public struct ModelPrompt: Sendable, Hashable {
    public struct Turn: Sendable, Hashable {
        public var role: MessageEntry.Role
        public var text: String
        public init(role: MessageEntry.Role, text: String) {
            self.role = role
            self.text = text
        }
    }

    public var model: String
    public var instructions: String
    /// "Initial context" block, as the template sender gave it to the first model.
    public var context: String
    public var history: [Turn]
    public var userTurn: String
    /// The end user's stable id (phone number); adapters must hash it before sending it anywhere.
    public var endUserId: String

    public init(model: String, instructions: String, context: String, history: [Turn], userTurn: String, endUserId: String) {
        self.model = model
        self.instructions = instructions
        self.context = context
        self.history = history
        self.userTurn = userTurn
        self.endUserId = endUserId
    }
}

/// The model's structured answer: `{content, hand_off_to_human, hand_off_to_human_reason, task_complete}`.
public struct ModelReply: Sendable, Hashable {
    public var content: String
    public var handOffToHuman: Bool
    public var handOffToHumanReason: String?
    public var taskComplete: Bool
    public var usage: TokenUsage

    public init(content: String, handOffToHuman: Bool, handOffToHumanReason: String?, taskComplete: Bool, usage: TokenUsage) {
        self.content = content
        self.handOffToHuman = handOffToHuman
        self.handOffToHumanReason = handOffToHumanReason
        self.taskComplete = taskComplete
        self.usage = usage
    }
}
