import Foundation
import RepliesCore

/// A model failure with a chosen retry disposition, as an adapter would throw it.
struct ModelFailure: Error, RetryClassifying, CustomStringConvertible {
    var retryDisposition: RetryDisposition
    var description: String { "scripted model failure (\(retryDisposition))" }

    static let transient = ModelFailure(retryDisposition: .transient(retryAfter: nil))
    static let permanent = ModelFailure(retryDisposition: .permanent)
    static func retryAfter(_ delay: Duration) -> ModelFailure { ModelFailure(retryDisposition: .transient(retryAfter: delay)) }
}

/// ``ReplyModel`` that records every prompt and answers from a script. When the script runs out
/// it answers `"Reply N"` (N = 1-based call number) with fixed token counts.
actor ScriptedReplyModel: ReplyModel {
    enum Step: Sendable {
        case reply(ModelReply)
        case fail(ModelFailure)
        /// Runs arbitrary code during the call (stage a fragment, advance the clock, wait on a gate).
        case run(@Sendable (ModelPrompt) async throws -> ModelReply)
    }

    private var script: [Step]
    private(set) var prompts: [ModelPrompt] = []
    private(set) var apiKeys: [String] = []

    init(_ script: [Step] = []) {
        self.script = script
    }

    func enqueue(_ steps: Step...) {
        script.append(contentsOf: steps)
    }

    var callCount: Int { prompts.count }

    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        prompts.append(prompt)
        apiKeys.append(apiKey)
        let number = prompts.count
        guard !script.isEmpty else { return Self.answer("Reply \(number)") }
        switch script.removeFirst() {
        case .reply(let reply): return reply
        case .fail(let failure): throw failure
        case .run(let body): return try await body(prompt)
        }
    }

    static func answer(
        _ content: String, handOff: Bool = false, reason: String? = nil, taskComplete: Bool = false,
        usage: TokenUsage = TokenUsage(prompt: 1893, completion: 61, total: 1954)
    ) -> ModelReply {
        ModelReply(content: content, handOffToHuman: handOff, handOffToHumanReason: reason, taskComplete: taskComplete, usage: usage)
    }
}

/// A one-shot barrier: callers of ``wait()`` suspend until ``open()``. Lets a test hold a model
/// call "in flight" while it does something else, without sleeping.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private(set) var arrivals = 0

    func wait() async {
        arrivals += 1
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    /// Yields until `count` callers reached ``wait()``.
    nonisolated func waitForArrivals(_ count: Int) async {
        while await arrivals < count { await Task.yield() }
    }
}
