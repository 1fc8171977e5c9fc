import RepliesCore

extension FakeOpenAI {
    /// What the fake model answers: the reply schema's four fields, plus the usage to report.
    ///
    /// ```swift
    /// await openai.setResponder { _ in FakeOpenAI.Reply(content: "See you at 10", taskComplete: true) }
    /// ```
    package struct Reply: Sendable, Hashable {
        package var content: String
        package var handOffToHuman: Bool
        package var handOffToHumanReason: String?
        package var taskComplete: Bool
        /// Reported token counts; nil derives them from the text sizes (about 4 characters a token).
        package var usage: Usage?

        package init(
            content: String, handOffToHuman: Bool = false, handOffToHumanReason: String? = nil,
            taskComplete: Bool = false, usage: Usage? = nil
        ) {
            self.content = content
            self.handOffToHuman = handOffToHuman
            self.handOffToHumanReason = handOffToHumanReason
            self.taskComplete = taskComplete
            self.usage = usage
        }

        /// The reply as the model writes it: the schema's JSON object, as text.
        package var json: String {
            let object: RecordValue = .map([
                "content": .string(content),
                "hand_off_to_human": .bool(handOffToHuman),
                "hand_off_to_human_reason": handOffToHumanReason.map(RecordValue.string) ?? .null,
                "task_complete": .bool(taskComplete),
            ])
            return FakeOpenAIJSON.text(object)
        }
    }

    /// Token counts as the response's `usage` object reports them.
    ///
    /// ```swift
    /// FakeOpenAI.Reply(content: "Hi", usage: FakeOpenAI.Usage(inputTokens: 120, outputTokens: 8))
    /// ```
    package struct Usage: Sendable, Hashable {
        package var inputTokens: Int
        package var outputTokens: Int
        package var reasoningTokens: Int
        package var cachedTokens: Int

        package init(inputTokens: Int, outputTokens: Int, reasoningTokens: Int = 0, cachedTokens: Int = 0) {
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.reasoningTokens = reasoningTokens
            self.cachedTokens = cachedTokens
        }

        package var totalTokens: Int { inputTokens + outputTokens }
    }

    /// Decides the reply to a valid request.
    package typealias Responder = @Sendable (Request) async -> Reply

    /// The default responder: deterministic, and says how many lines the newest user turn had
    /// (a batch's fragments are merged one per line), so end-to-end tests can tell batches apart.
    package static func defaultReply(to request: Request) -> Reply {
        let lines = request.newestUserTurn?.split(whereSeparator: \.isNewline).count ?? 0
        return Reply(content: "Thanks! I got your \(lines) \(lines == 1 ? "line" : "lines").")
    }
}
