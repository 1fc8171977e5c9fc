import Foundation

/// Wakes receivers of the delay queue when a trigger is enqueued or made visible, so they do
/// not have to poll.
///
/// A receiver notes the ``generation`` *before* looking at the table and then waits for a newer
/// one: an enqueue that lands in between is never missed.
///
/// ```swift
/// let seen = await signal.generation
/// // … find nothing due …
/// await signal.wait(after: seen)    // returns on the next notify(), or at once if one already happened
/// ```
actor WakeSignal {
    private(set) var generation = 0
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    func notify() {
        generation &+= 1
        let woken = waiters
        waiters.removeAll()
        for continuation in woken.values { continuation.resume() }
    }

    /// Returns once `generation` differs from `seen`, or when the task is cancelled.
    func wait(after seen: Int) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Cancellation sets the flag before running the handler, so either this check or
                // the handler's `abandon` sees it.
                if generation != seen || Task.isCancelled {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.abandon(id) }
        }
    }

    private func abandon(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
