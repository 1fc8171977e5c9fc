import EmbeddedBackend
import Foundation
import RepliesCore
import Synchronization

/// A wall clock and queue sleeper that only move when the test says so: sleeps end when
/// ``advance(by:)`` passes their deadline, or throw on cancellation. No real time passes.
final class TestClock: WallClock, QueueSleeper {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [UUID: Sleeper] = [:]
        var requested: [Duration] = []
        var sleeperWatchers: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state: Mutex<State>

    init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        state = Mutex(State(now: start))
    }

    func now() -> Date { state.withLock { $0.now } }

    /// Every duration a sleeper asked for, in order.
    var requestedSleeps: [Duration] { state.withLock { $0.requested } }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(for duration: Duration) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let watchers = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                    state.requested.append(duration)
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                        return []
                    }
                    state.sleepers[id] = Sleeper(deadline: state.now.adding(duration), continuation: continuation)
                    let watchers = Array(state.sleeperWatchers.values)
                    state.sleeperWatchers.removeAll()
                    return watchers
                }
                for watcher in watchers { watcher.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns once at least one sleep is pending; throws ``TestTimeout`` when none starts within
    /// `limit` of real time (only a broken queue ever waits that long).
    func waitForSleeper(within limit: Duration = .seconds(10)) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.sleeperStarted() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw TestTimeout()
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    private func sleeperStarted() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.sleepers.isEmpty || Task.isCancelled { return true }
                    state.sleeperWatchers[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleeperWatchers.removeValue(forKey: id) }?.resume()
        }
    }

    /// Moves time forward and wakes the sleeps whose deadline passed.
    func advance(by duration: Duration) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = state.now.adding(duration)
            let now = state.now
            let ids = state.sleepers.filter { $0.value.deadline <= now }.map(\.key)
            return ids.compactMap { state.sleepers.removeValue(forKey: $0)?.continuation }
        }
        for continuation in due { continuation.resume() }
    }
}

struct TestTimeout: Error, CustomStringConvertible {
    var description: String { "the queue did not reach the expected state in time" }
}
