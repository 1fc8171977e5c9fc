import Foundation
import RepliesCore
import RepliesHTTP
import Twilio

/// What `simulate` tells the person about one webhook: the server's decision (its debug header,
/// or what the backend shows), why a 403 happened, and — waiting — how the batch ended.
struct SimulateReport {
    let answer: SimulatedWebhook.Answer
    let messageSid: String
    /// The full URL the signature covers, and where its base came from.
    let signedFor: String
    let signingSource: String
    let tokenSource: String

    /// The server's decision, as far as it can be known.
    enum Outcome {
        /// From `X-Replies-Outcome`: the label and the reason, if any.
        case reported(label: String, reason: String?)
        /// No header; the backend shows the message waiting for its batch.
        case stored
        /// No header; the message is not waiting in the backend simulate reads.
        case notStored
        /// No header and the backend could not tell.
        case unknown

        var mayBeAnswered: Bool {
            switch self {
            case .reported(let label, _): label == "accepted"
            case .stored: true
            case .notStored, .unknown: false
            }
        }
    }

    func outcome(backend: SimulationBackend) async throws -> Outcome {
        if let header = answer.headers[DebugOutcome.outcomeHeader.lowercased()] {
            let parts = header.split(separator: ";", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return .reported(label: parts[0], reason: parts.count > 1 ? parts[1] : nil)
        }
        guard answer.status == 200 else { return .unknown }
        switch try? await backend.isPending(messageSid) {
        case true?: return .stored
        case false?: return .notStored
        case nil: return .unknown
        }
    }

    func explain(_ outcome: Outcome) -> String {
        if answer.status == 403 { return forbidden() }
        switch outcome {
        case .reported(let label, let reason):
            return "outcome: " + Self.meaning(label, reason)
        case .stored:
            return "outcome: stored; the reply comes after the batch window (serve did not report its decision: DEBUG_OUTCOME_HEADER=true makes it)"
        case .notStored:
            return """
                outcome: not waiting for a batch in this backend: an unknown number pair, a refusal (inactive project, channel \
                not allowed), a duplicate MessageSid, or a server using another data directory. serve's log says which; \
                DEBUG_OUTCOME_HEADER=true makes serve report it here
                """
        case .unknown:
            return "outcome: not reported by serve (DEBUG_OUTCOME_HEADER=true makes it report it); see its log"
        }
    }

    static func meaning(_ label: String, _ reason: String?) -> String {
        let why = reason.map { ": \($0)" } ?? ""
        return switch label {
        case "accepted": "accepted: stored and scheduled; the reply comes after the batch window (BATCH_WINDOW_SECONDS)"
        case "duplicate": "duplicate: this MessageSid was already answered, nothing happens (a Twilio retry looks like this)"
        case "unknown_conversation":
            "unknown number pair: no conversation has this user number (gsi_recipient_tel) and company number; nothing was stored"
        case "rejected": "refused by the project/channel rules\(why); nothing was stored"
        case "bad_request": "malformed webhook\(why)"
        case "misconfigured": "the conversation's configuration is broken\(why)"
        case "unavailable": "not stored, the server could not store it\(why); Twilio would retry"
        default: "\(label)\(why)"
        }
    }

    private func forbidden() -> String {
        var lines = [
            "outcome: 403, the server refused the signature. Twilio signs the exact URL it posts to, and serve checks it against its "
                + "PUBLIC_BASE_URL (default http://HOST:PORT) plus the channel path.",
            "  simulate signed for: \(signedFor) (base from \(signingSource))",
        ]
        if let checked = answer.headers[DebugOutcome.signedURLHeader.lowercased()] {
            lines.append("  serve checked:       \(checked)")
        }
        lines.append("  Give simulate the PUBLIC_BASE_URL serve runs with (or --signing-url URL).")
        lines.append("  Other causes of the same 403 (serve answers every unauthenticated request alike): a wrong auth token (it came from \(tokenSource)), "
            + "an AccountSid other than the secret's twilio_account_sid, or a company number (--to) that no conversation in serve's data uses.")
        if let reason = answer.headers[DebugOutcome.outcomeHeader.lowercased()] { lines.append("  serve's reason: \(reason)") }
        return lines.joined(separator: "\n")
    }

    /// Polls the record until the batch holding this MessageSid is recorded; says how it ended.
    func waitForBatch(backend: SimulationBackend, timeout: Double) async throws -> String {
        guard let key = try await backend.conversation()?.key else { return "wait: no conversation for this number pair in \(backend.describe)" }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            if let conversation = try await backend.record(key), conversation.lastAnsweredFragmentSids.contains(messageSid) {
                return Self.ending(conversation)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return "wait: no batch recorded for \(messageSid) within \(timeout) s; see serve's log (the batch window is BATCH_WINDOW_SECONDS)"
    }

    static func ending(_ conversation: Conversation) -> String {
        let explanation = StatusExplanation.explain(conversation)
        guard conversation.status == ConversationStatus.replySent, let reply = conversation.messages.last(where: { $0.role == .assistant }) else {
            return explanation
        }
        return "answered:\n  \(reply.content.replacingOccurrences(of: "\n", with: "\n  "))\n\(explanation)"
    }
}
