package import Foundation

/// The emulator's memory: events waiting for `/next`, and what the runtime posted back. Every
/// wait ends when its task is cancelled, so a test's timeout can always fire.
package actor RuntimeAPIState {
    package struct Invocation: Sendable {
        package var requestId: String
        package var event: Data
        package var deadlineMs: Int64?
        package var traceId: String?
        package var functionArn: String?
    }

    package enum Outcome: Sendable, Equatable {
        case response(Data)
        case error(errorType: String?, body: Data)
    }

    private var queued: [Invocation] = []
    private var nextWaiters: [UInt64: CheckedContinuation<Invocation?, Never>] = [:]
    private var issued: Set<String> = []
    private var outcomes: [String: Outcome] = [:]
    private var outcomeWaiters: [String: [UInt64: CheckedContinuation<Outcome?, Never>]] = [:]
    private var lastWaiter: UInt64 = 0
    package private(set) var initErrors: [(errorType: String?, body: Data)] = []
    package private(set) var nextCalls = 0
    /// When the runtime first asked for work: the end of its initialisation.
    package private(set) var firstNextAt: ContinuousClock.Instant?

    func enqueue(_ invocation: Invocation) {
        // Oldest waiter first, as the runtime's single poller expects.
        guard let key = nextWaiters.keys.min(), let waiter = nextWaiters.removeValue(forKey: key) else {
            queued.append(invocation)
            return
        }
        issued.insert(invocation.requestId)
        waiter.resume(returning: invocation)
    }

    /// What `GET /next` answers; waits while nothing is queued, as Lambda does (nil: cancelled).
    func next() async -> Invocation? {
        nextCalls += 1
        if firstNextAt == nil { firstNextAt = .now }
        if !queued.isEmpty {
            let invocation = queued.removeFirst()
            issued.insert(invocation.requestId)
            return invocation
        }
        let key = newWaiterKey()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume(returning: nil) } else { nextWaiters[key] = continuation }
            }
        } onCancel: {
            Task { await self.cancelNextWaiter(key) }
        }
    }

    /// Records a result; false for an id that was never handed out or already answered.
    func record(_ requestId: String, _ outcome: Outcome) -> Bool {
        guard issued.contains(requestId), outcomes[requestId] == nil else { return false }
        outcomes[requestId] = outcome
        outcomeWaiters.removeValue(forKey: requestId)?.values.forEach { $0.resume(returning: outcome) }
        return true
    }

    func recordInitError(errorType: String?, body: Data) {
        initErrors.append((errorType, body))
    }

    /// Waits until the runtime posted a result for `requestId` (nil: cancelled first).
    func outcome(for requestId: String) async -> Outcome? {
        if let outcome = outcomes[requestId] { return outcome }
        let key = newWaiterKey()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume(returning: nil) } else { outcomeWaiters[requestId, default: [:]][key] = continuation }
            }
        } onCancel: {
            Task { await self.cancelOutcomeWaiter(requestId, key) }
        }
    }

    private func newWaiterKey() -> UInt64 {
        lastWaiter += 1
        return lastWaiter
    }

    private func cancelNextWaiter(_ key: UInt64) {
        nextWaiters.removeValue(forKey: key)?.resume(returning: nil)
    }

    private func cancelOutcomeWaiter(_ requestId: String, _ key: UInt64) {
        outcomeWaiters[requestId]?.removeValue(forKey: key)?.resume(returning: nil)
    }
}
