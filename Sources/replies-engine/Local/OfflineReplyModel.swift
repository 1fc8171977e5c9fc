import Foundation
import RepliesCore

/// A built-in reply model for trying the engine without an OpenAI account. Its replies say so
/// plainly; it never pretends to be an AI. It asks for a human when the person does.
/// Its replies go to the person, so they carry no operator hints (how to get real answers is
/// the demo's and serve's business: they print it).
struct OfflineReplyModel: ReplyModel {
    static let label = "[offline demo model]"

    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        let lines = prompt.userTurn.split(whereSeparator: \.isNewline).map(String.init)
        let wantsHuman = lines.contains { line in
            let lower = line.lowercased()
            return ["human", "person", "agent", "someone real"].contains(where: lower.contains)
        }
        let quoted = lines.map { "“\($0)”" }.joined(separator: ", ")
        let content = wantsHuman
            ? "\(Self.label) Understood, I'm passing you to a colleague who will reply here shortly."
            : "\(Self.label) Thanks! I received \(lines.count) message\(lines.count == 1 ? "" : "s") from you: \(quoted)."
        return ModelReply(
            content: content, handOffToHuman: wantsHuman,
            handOffToHumanReason: wantsHuman ? "the person asked for a human" : nil,
            taskComplete: false, usage: TokenUsage(prompt: 0, completion: 0, total: 0))
    }
}
