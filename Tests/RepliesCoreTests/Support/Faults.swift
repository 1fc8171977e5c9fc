import Foundation
import RepliesCore
import Synchronization

/// The storage operations a test can break.
enum FaultOp: String, Sendable {
    case find, read, acquireLease, extendLease, update, updateAndRelease
    case stage, pendingFragments, markDone, sweep, recordSweep, updateMedia
    case archive, archivedTurns
    case enqueue
}

/// An injected failure. A crash is transient (a retry is safe) and, once hit, every further
/// storage call fails until ``Faults/restart()``: the process is gone, nothing else gets written.
struct InjectedFault: Error, RetryClassifying, CustomStringConvertible {
    var op: FaultOp
    var crash: Bool
    var permanent: Bool

    var retryDisposition: RetryDisposition { permanent ? .permanent : .transient(retryAfter: nil) }
    var description: String { crash ? "injected crash at \(op.rawValue)" : "injected failure at \(op.rawValue)" }
}

/// Fault plan shared by the wrapping ports of one test engine.
final class Faults: Sendable {
    enum Phase: Sendable { case before, after }

    private struct Rule {
        var op: FaultOp
        var phase: Phase
        var crash: Bool
        var permanent: Bool
        var remaining: Int
        var match: (@Sendable (ConversationUpdate) -> Bool)?
    }

    private struct State {
        var rules: [Rule] = []
        var crashed = false
        var hits: [FaultOp] = []
    }

    private let state = Mutex(State())

    /// Fails the next `times` calls of `op`, before or after the operation took effect. With
    /// `match`, only store writes whose update matches count.
    func inject(
        _ op: FaultOp, _ phase: Phase = .before, crash: Bool = false, permanent: Bool = false, times: Int = 1,
        where match: (@Sendable (ConversationUpdate) -> Bool)? = nil
    ) {
        state.withLock {
            $0.rules.append(Rule(op: op, phase: phase, crash: crash, permanent: permanent, remaining: times, match: match))
        }
    }

    /// A crash after a send went out and before the engine wrote down its id: the id of a part
    /// before the last is written on its own, the last one's only with the final write.
    func crashAfterTheSend() {
        inject(.update, crash: true, where: \.recordsSentSid)
        inject(.updateAndRelease, crash: true, where: \.appendsTurns)
    }

    var crashed: Bool { state.withLock { $0.crashed } }
    var hits: [FaultOp] { state.withLock { $0.hits } }

    /// A new process starts: storage works again; unused rules are dropped.
    func restart() {
        state.withLock {
            $0.crashed = false
            $0.rules = []
        }
    }

    private static func matches(_ match: (@Sendable (ConversationUpdate) -> Bool)?, _ update: ConversationUpdate?) -> Bool {
        guard let match else { return true }
        return update.map(match) ?? false
    }

    func check(_ op: FaultOp, _ phase: Phase, _ update: ConversationUpdate? = nil) throws {
        let fault: InjectedFault? = state.withLock { state in
            if state.crashed { return InjectedFault(op: op, crash: true, permanent: false) }
            guard let index = state.rules.firstIndex(where: { $0.op == op && $0.phase == phase && $0.remaining > 0 && Self.matches($0.match, update) })
            else { return nil }
            state.rules[index].remaining -= 1
            let rule = state.rules[index]
            if rule.crash { state.crashed = true }
            state.hits.append(op)
            return InjectedFault(op: op, crash: rule.crash, permanent: rule.permanent)
        }
        if let fault { throw fault }
    }
}

extension ConversationUpdate {
    /// The final write of a batch: it appends turns to `messages`.
    var appendsTurns: Bool { !appendMessages.isEmpty }
    /// A pending-reply write that records at least one sent SID.
    var recordsSentSid: Bool {
        self.set[ConversationAttribute.pendingReply]?.mapValue.map { !$0.strings("sent_sids").isEmpty } ?? false
    }
    /// The first pending-reply write (before any send).
    var persistsUnsentReply: Bool {
        self.set[ConversationAttribute.pendingReply]?.mapValue.map { $0.strings("sent_sids").isEmpty } ?? false
    }
}
