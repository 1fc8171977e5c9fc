import RepliesCore

extension FakeOpenAI {
    /// What the fake model answers: the reply schema's four fields, plus the usage to report.
    ///
    /// ```swift
    /// await openai.setResponder { _ in FakeOpenAI.Reply(content: "See you at 10", taskComplete: true) }
    /// ```
    public struct Reply: Sendable, Hashable {
        public var content: String
        public var handOffToHuman: Bool
        public var handOffToHumanReason: String?
        public var taskComplete: Bool
        /// Reported token counts; nil derives them from the text sizes (about 4 characters a token).
        public var usage: Usage?

        public init(
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
        public var json: String {
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
    public struct Usage: Sendable, Hashable {
        public var inputTokens: Int
        public var outputTokens: Int
        public var reasoningTokens: Int
        public var cachedTokens: Int

        public init(inputTokens: Int, outputTokens: Int, reasoningTokens: Int = 0, cachedTokens: Int = 0) {
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.reasoningTokens = reasoningTokens
            self.cachedTokens = cachedTokens
        }

        public var totalTokens: Int { inputTokens + outputTokens }
    }

    /// Decides the reply to a valid request.
    public typealias Responder = @Sendable (Request) async -> Reply

    /// The default responder: deterministic, and says how many lines the newest user turn had
    /// (a batch's fragments are merged one per line), so end-to-end tests can tell batches apart.
    public static func defaultReply(to request: Request) -> Reply {
        let lines = request.newestUserTurn?.split(whereSeparator: \.isNewline).count ?? 0
        return Reply(content: "Thanks! I got your \(lines) \(lines == 1 ? "line" : "lines").")
    }
}
