import Foundation
import RepliesCore
import Synchronization

/// A zero-latency ``ReplyModel``: every call answers `"Reply <n>"` (unique per call), after
/// running an optional hook (used to deliver a message while its conversation is answered).
final class RaceModel: ReplyModel {
    typealias Hook = @Sendable (_ prompt: ModelPrompt, _ call: Int) async -> Void
    private let calls = Mutex(0)
    private let hook = Mutex<Hook?>(nil)

    var callCount: Int { calls.withLock { $0 } }

    func onCall(_ body: @escaping Hook) { hook.withLock { $0 = body } }

    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        let call = calls.withLock { count in
            count += 1
            return count
        }
        if let body = hook.withLock({ $0 }) { await body(prompt, call) }
        return ModelReply(
            content: "Reply \(call)", handOffToHuman: false, handOffToHumanReason: nil, taskComplete: false,
            usage: TokenUsage(prompt: 10, completion: 2, total: 12))
    }
}

/// A zero-latency ``MessageSender`` that records every send and lists them back like Twilio.
final class RaceSender: MessageSender {
    struct Sent: Sendable {
        var message: OutboundMessage
        var sent: SentMessage
    }

    private let clock: any WallClock
    private let log = Mutex<[Sent]>([])

    init(clock: any WallClock) { self.clock = clock }

    var sent: [Sent] { log.withLock { $0 } }

    func send(_ message: OutboundMessage) async throws -> SentMessage {
        let now = clock.now()
        return log.withLock { log in
            let sent = SentMessage(sid: String(format: "SMb%031ld", log.count + 1), body: message.body, dateCreated: now)
            log.append(Sent(message: message, sent: sent))
            return sent
        }
    }

    func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] {
        sent.filter { $0.message.to == to && $0.message.from == from && ($0.sent.dateCreated ?? .distantPast) >= since }.map(\.sent)
    }
}

/// Accepts every signature: these tests are about the stores, not authentication.
struct AcceptingVerifier: SignatureVerifier {
    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool { true }
}
