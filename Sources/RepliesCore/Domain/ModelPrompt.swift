/// Everything a reply model needs for one stateless call: instructions, the context block rebuilt
/// from the record, bounded history and the new merged user turn.
package struct ModelPrompt: Sendable, Hashable {
    package struct Turn: Sendable, Hashable {
        package var role: MessageEntry.Role
        package var text: String
        package init(role: MessageEntry.Role, text: String) {
            self.role = role
            self.text = text
        }
    }

    package var model: String
    package var instructions: String
    /// "Initial context" block, as the template sender gave it to the first model.
    package var context: String
    package var history: [Turn]
    package var userTurn: String
    /// The new user turn as ordered parts (text, images, files) when the batch carried media
    /// the model takes as itself; nil means `userTurn` alone (see ``MediaTurnBuilder``).
    package var userParts: [ModelInputPart]? = nil
    /// The end user's stable id (phone number); adapters must hash it before sending it anywhere.
    package var endUserId: String

    package init(model: String, instructions: String, context: String, history: [Turn], userTurn: String, endUserId: String) {
        self.model = model
        self.instructions = instructions
        self.context = context
        self.history = history
        self.userTurn = userTurn
        self.endUserId = endUserId
    }
}

/// The model's structured answer: `{content, hand_off_to_human, hand_off_to_human_reason, task_complete}`.
package struct ModelReply: Sendable, Hashable {
    package var content: String
    package var handOffToHuman: Bool
    package var handOffToHumanReason: String?
    package var taskComplete: Bool
    package var usage: TokenUsage

    package init(content: String, handOffToHuman: Bool, handOffToHumanReason: String?, taskComplete: Bool, usage: TokenUsage) {
        self.content = content
        self.handOffToHuman = handOffToHuman
        self.handOffToHumanReason = handOffToHumanReason
        self.taskComplete = taskComplete
        self.usage = usage
    }
}
