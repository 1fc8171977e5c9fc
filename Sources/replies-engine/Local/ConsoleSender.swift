import Foundation
import RepliesCore
import Synchronization

/// A ``MessageSender`` (and ``EmailSender``) that prints instead of sending, for demos and local runs without Twilio
/// (`REPLIES_SENDER=console`). The recipient is masked; the body is the point of the demo.
final class ConsoleSender: MessageSender, EmailSender {
    private let sent = Mutex<[(to: String, message: SentMessage)]>([])
    private let print: @Sendable (String) -> Void

    /// Unbuffered by default: with `serve` the output is usually a pipe or a file, and a reply
    /// should show up when it is "sent", not when the process exits.
    init(print: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }) {
        self.print = print
    }

    func send(_ message: OutboundMessage) async throws -> SentMessage {
        let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let result = SentMessage(sid: sid, body: message.body, dateCreated: Date())
        sent.withLock { $0.append((message.to.value, result)) }
        print("→ \(message.channel.rawValue) to \(message.to.masked) [\(sid)]:\n  \(message.body.replacingOccurrences(of: "\n", with: "\n  "))")
        return result
    }

    func send(_ email: EmailReply) async throws -> SentMessage {
        let id = "console-" + UUID().uuidString.lowercased()
        print("→ email to \(EmailAddressForms.masked(email.to)) [\(id)] \"\(email.subject)\":\n  \(email.text.replacingOccurrences(of: "\n", with: "\n  "))")
        return SentMessage(sid: id, body: email.text, dateCreated: Date())
    }

    func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] {
        sent.withLock { entries in
            entries.filter { $0.to == to.value && ($0.message.dateCreated ?? .distantPast) >= since }.map(\.message)
        }
    }
}
