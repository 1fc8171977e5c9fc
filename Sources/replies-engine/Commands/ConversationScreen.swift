import EmbeddedBackend
import Foundation
import RepliesCore

/// Prints a conversation's `messages` as they arrive, for the demo.
actor ConversationScreen {
    let runtime: EngineRuntime
    let key: ConversationKey
    private var shown = 0

    init(runtime: EngineRuntime, key: ConversationKey) {
        self.runtime = runtime
        self.key = key
    }

    func show() async {
        guard let conversation = try? await runtime.ports.conversations.conversation(key) else { return }
        let messages = conversation.messages
        for entry in messages.dropFirst(shown) {
            let who = switch entry.role {
            case .user: "user (recorded)"
            case .assistant: "assistant (recorded)"
            case .operator: "staff \(entry.operatorName ?? "") (recorded)"
            }
            let tokens = entry.tokens.map { " · \($0.total) tokens" } ?? ""
            Console.line("  [\(who) \(entry.timestamp)\(tokens)]\n    \(entry.content.replacingOccurrences(of: "\n", with: "\n    "))")
        }
        shown = messages.count
    }

    /// Polls until the batch holding `sid` (the burst's last message) is recorded, then shows
    /// what it added.
    func waitForBatch(containing sid: String, timeout: Duration) async {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if let conversation = try? await runtime.ports.conversations.conversation(key),
               conversation.lastAnsweredFragmentSids.contains(sid) {
                await show()
                return
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        Console.line("  (no reply within \(timeout); see the log)")
    }

    /// The record's end state explained, the handoff notices the run produced, and ready-to-run
    /// commands to look at the data (kept unless the demo was told to remove it).
    func showSummary(directory: String, keptData: Bool) async {
        guard let conversation = try? await runtime.ports.conversations.conversation(key) else { return }
        Console.line("""

            Record after the demo (\(conversation.messages.count) messages):
              \(StatusExplanation.explain(conversation))
            """)
        if let notices = try? await runtime.embedded?.handoff.notices(), !notices.isEmpty {
            Console.line("\nHandoff notices written (for a human; `replies-engine handoffs` lists them):")
            for notice in notices {
                let detail = notice.detail.map { " (\($0))" } ?? ""
                Console.line("  \(notice.reason.rawValue)\(detail): batch \(notice.batchId), \(notice.messageSids.count) message(s), at \(notice.createdAt)")
            }
        }
        guard keptData else {
            Console.line("\nThe demo's data directory was removed (--remove-data).")
            return
        }
        let binary = Self.binaryPath()
        Console.line("""

            Look at the record yourself (the data directory is kept):
              REPLIES_DATA_DIR='\(directory)' '\(binary)' inspect '\(key.primaryChannel)' '\(key.conversationId)'
            Remove it when done: rm -r '\(directory)'
            """)
    }

    /// This executable as the shell can run it from anywhere.
    static func binaryPath() -> String {
        let invoked = CommandLine.arguments[0]
        guard invoked.contains("/") else { return invoked }
        let url = URL(fileURLWithPath: invoked, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }
}
