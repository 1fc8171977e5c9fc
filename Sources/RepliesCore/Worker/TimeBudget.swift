import Synchronization

/// A value that is set once and can be awaited by any number of tasks; later sets are ignored.
/// It lets a race return as soon as one side finishes without waiting for the other, which a
/// task group cannot do (it always awaits all children).
final class FirstResult<Value: Sendable>: Sendable {
    private enum State {
        case pending([CheckedContinuation<Value, Never>])
        case resolved(Value)
    }

    private let state = Mutex<State>(.pending([]))

    init() {}

    /// Sets the value if none is set yet; returns whether this call won.
    @discardableResult
    func resolve(_ value: Value) -> Bool {
        let waiters: [CheckedContinuation<Value, Never>]? = state.withLock { state in
            guard case .pending(let waiters) = state else { return nil }
            state = .resolved(value)
            return waiters
        }
        waiters?.forEach { $0.resume(returning: value) }
        return waiters != nil
    }

    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let resolved: Value? = state.withLock { state in
                    switch state {
                    case .resolved(let value):
                        return value
                    case .pending(var waiters):
                        waiters.append(continuation)
                        state = .pending(waiters)
                        return nil
                    }
                }
                if let resolved { continuation.resume(returning: resolved) }
            }
        }
    }
}

/// Runs `work` against an alarm on `timer`: its result, or nil when `budget` passes first (then
/// `work` is cancelled and left to wind down on its own; the caller does not wait for it).
func withTimeBudget<T: Sendable>(
    _ budget: Duration, timer: any Clock<Duration>, _ work: @escaping @Sendable () async -> T
) async -> T? {
    let first = FirstResult<T?>()
    let worker = Task { first.resolve(await work()) }
    let alarm = Task {
        do {
            try await timer.sleep(for: budget)
            first.resolve(nil)
        } catch {
            // Cancelled: the work finished first.
        }
    }
    let result = await withTaskCancellationHandler {
        await first.value
    } onCancel: {
        worker.cancel()
        alarm.cancel()
    }
    alarm.cancel()
    if result == nil { worker.cancel() }
    return result
}
