import LambdaRuntime
import Synchronization

/// A ``Sleeper`` whose sleeps end only when the test fires them (or their task is cancelled),
/// so heartbeats and deadline timers run without real time passing.
final class ManualSleeper: Sendable {
    private struct Waiter {
        var id: Int
        var duration: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var nextId = 0
        var waiters: [Waiter] = []
        var cancelledEarly: Set<Int> = []
        var observers: [(duration: Duration, continuation: CheckedContinuation<Void, Never>)] = []
        var requested: [Duration] = []
    }

    private let state = Mutex(State())

    var sleeper: Sleeper { Sleeper { try await self.sleep($0) } }

    var pendingCount: Int { state.withLock { $0.waiters.count } }

    /// Every duration ever requested, in order.
    var requested: [Duration] { state.withLock { $0.requested } }

    func sleep(_ duration: Duration) async throws {
        let id = state.withLock { state in
            state.nextId += 1
            state.requested.append(duration)
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (early, ready) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    if state.cancelledEarly.remove(id) != nil { return (true, []) }
                    state.waiters.append(Waiter(id: id, duration: duration, continuation: continuation))
                    let ready = state.observers.filter { $0.duration == duration }.map(\.continuation)
                    state.observers.removeAll { $0.duration == duration }
                    return (false, ready)
                }
                if early { continuation.resume(throwing: CancellationError()) }
                ready.forEach { $0.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                    state.cancelledEarly.insert(id)
                    return nil
                }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Suspends until some task is sleeping for exactly `duration`.
    func waitForSleeper(_ duration: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let present = state.withLock { state in
                if state.waiters.contains(where: { $0.duration == duration }) { return true }
                state.observers.append((duration, continuation))
                return false
            }
            if present { continuation.resume() }
        }
    }

    /// Ends the oldest sleep of exactly `duration`; false when there is none.
    @discardableResult
    func fire(_ duration: Duration) -> Bool {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.duration == duration }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume()
        return waiter != nil
    }
}

extension ManualSleeper {
    /// Whether any sleep is still pending.
    var hasSleepers: Bool { pendingCount > 0 }
}
