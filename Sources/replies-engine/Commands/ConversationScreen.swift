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
            let who = entry.role == .user ? "user (recorded)" : "assistant (recorded)"
            let tokens = entry.tokens.map { " · \($0.total) tokens" } ?? ""
            print("  [\(who) \(entry.timestamp)\(tokens)]\n    \(entry.content.replacingOccurrences(of: "\n", with: "\n    "))")
        }
        shown = messages.count
    }

    /// Polls until a new assistant turn is recorded (or the batch was handed to a human).
    func waitForReply(timeout: Duration) async {
        let start = ContinuousClock.now
        let before = shown
        while ContinuousClock.now - start < timeout {
            if let conversation = try? await runtime.ports.conversations.conversation(key) {
                let fresh = conversation.messages.dropFirst(before)
                if fresh.contains(where: { $0.role == .assistant }) || conversation.status == ConversationStatus.handedOff {
                    await show()
                    return
                }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        print("  (no reply within \(timeout); see the log)")
    }

    func showSummary() async {
        guard let conversation = try? await runtime.ports.conversations.conversation(key) else { return }
        print("""

            Record after the demo:
              conversation_status: \(conversation.status ?? "-")
              hand_off_to_human:   \(conversation.handOffToHuman)\(conversation.handOffToHumanReason.map { " (\($0))" } ?? "")
              messages:            \(conversation.messages.count) entries
            Inspect it with: replies-engine inspect '\(key.primaryChannel)' '\(key.conversationId)' (with REPLIES_DATA_DIR set and --keep-data)
            """)
    }
}
