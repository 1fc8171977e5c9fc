import Foundation

/// The emulator's memory: events waiting for `/next`, and what the runtime posted back.
actor RuntimeAPIState {
    struct Invocation: Sendable {
        var requestId: String
        var event: Data
        var deadlineMs: Int64?
        var traceId: String?
        var functionArn: String?
        var clientContext: String?
        var cognitoIdentity: String?
    }

    enum Outcome: Sendable, Equatable {
        case response(Data)
        case error(errorType: String?, body: Data)
    }

    private var queued: [Invocation] = []
    private var nextWaiters: [CheckedContinuation<Invocation, Never>] = []
    private var issued: Set<String> = []
    private var outcomes: [String: Outcome] = [:]
    private var outcomeWaiters: [String: [CheckedContinuation<Outcome, Never>]] = [:]
    private(set) var initErrors: [(errorType: String?, body: Data)] = []
    private(set) var nextCalls = 0

    func enqueue(_ invocation: Invocation) {
        if nextWaiters.isEmpty {
            queued.append(invocation)
        } else {
            issued.insert(invocation.requestId)
            nextWaiters.removeFirst().resume(returning: invocation)
        }
    }

    /// What `GET /next` answers; waits while nothing is queued, as Lambda does.
    func next() async -> Invocation {
        nextCalls += 1
        if !queued.isEmpty {
            let invocation = queued.removeFirst()
            issued.insert(invocation.requestId)
            return invocation
        }
        return await withCheckedContinuation { nextWaiters.append($0) }
    }

    /// Records a result; false for an id that was never handed out or already answered.
    func record(_ requestId: String, _ outcome: Outcome) -> Bool {
        guard issued.contains(requestId), outcomes[requestId] == nil else { return false }
        outcomes[requestId] = outcome
        outcomeWaiters.removeValue(forKey: requestId)?.forEach { $0.resume(returning: outcome) }
        return true
    }

    func recordInitError(errorType: String?, body: Data) {
        initErrors.append((errorType, body))
    }

    /// Waits until the runtime posted a result for `requestId`.
    func outcome(for requestId: String) async -> Outcome {
        if let outcome = outcomes[requestId] { return outcome }
        return await withCheckedContinuation { outcomeWaiters[requestId, default: []].append($0) }
    }
}
