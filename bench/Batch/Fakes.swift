import Foundation
import RepliesCore

/// Time spent inside the fakes, so that it can be subtracted from a batch's wall time.
final class FakeTime: @unchecked Sendable {
    private let lock = NSLock()
    private var total: Duration = .zero  // guarded by `lock`

    func add(_ duration: Duration) { lock.withLock { total += duration } }
    var value: Duration { lock.withLock { total } }
}

/// A model that answers at once with a fixed, valid reply (what a zero-latency OpenAI would do).
struct InstantReplyModel: ReplyModel {
    let time: FakeTime

    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        let start = ContinuousClock.now
        defer { time.add(ContinuousClock.now - start) }
        return ModelReply(
            content: "Thanks Sam, Tuesday 10:00 is booked. See you then!", handOffToHuman: false,
            handOffToHumanReason: nil, taskComplete: false, usage: TokenUsage(prompt: 700, completion: 20, total: 720))
    }
}

/// A sender that accepts every message at once with a fresh SID (a zero-latency Twilio).
struct InstantSender: MessageSender {
    let time: FakeTime
    private let counter = SidCounter()

    init(time: FakeTime) { self.time = time }

    func send(_ message: OutboundMessage) async throws -> SentMessage {
        let start = ContinuousClock.now
        defer { time.add(ContinuousClock.now - start) }
        let next = counter.next()
        return SentMessage(sid: "SM" + String(format: "%032lx", next), body: message.body, dateCreated: Date())
    }

    func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] {
        []
    }
}

/// Signatures are not part of the batch path.
struct AcceptingVerifier: SignatureVerifier {
    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool { true }
}

/// Numbers the fake sender's SIDs.
final class SidCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0  // guarded by `lock`

    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
