package import Foundation
package import RepliesCore
import Synchronization

/// The one test clock: a wall clock for dates (``WallClock``) and a `Clock<Duration>` for
/// sleeping (``sleeping``) that move together, only when the test says so. A sleep ends when
/// ``advance(by:)`` reaches its deadline, or throws on cancellation; no real time passes.
///
/// ```swift
/// let clock = ManualClock()
/// let worker = TriggerWorker(source: queue, processor: processor, clock: clock.sleeping, logger: logger)
/// await clock.waitForSleeper(.seconds(40))   // the heartbeat is waiting
/// clock.advance(by: .seconds(40))            // … and now it beats
/// ```
package final class ManualClock: WallClock, Sendable {
    private struct Sleeper {
        var id: Int
        var deadline: Duration
        var requested: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var elapsed: Duration = .zero
        var nextId = 0
        var sleepers: [Sleeper] = []
        var cancelledEarly: Set<Int> = []
        var requested: [Duration] = []
        var watchers: [(duration: Duration?, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let start: Mutex<Date>
    private let state = Mutex(State())
    private let advancesOnSleep: Bool

    /// - Parameter advancesOnSleep: when true, a sleep moves the clock to its deadline and
    ///   returns at once (for code whose waits only need recording, such as retry back-off).
    package init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600), advancesOnSleep: Bool = false) {
        self.start = Mutex(start)
        self.advancesOnSleep = advancesOnSleep
    }

    // MARK: Wall clock

    package func now() -> Date {
        let elapsed = state.withLock { $0.elapsed }
        return start.withLock { $0 }.adding(elapsed)
    }

    /// Moves time forward and wakes the sleeps whose deadline passed (in deadline order).
    package func advance(by duration: Duration) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.elapsed += duration
            let now = state.elapsed
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due.map(\.continuation)
        }
        due.forEach { $0.resume() }
    }

    /// Jumps the wall clock to `date` without waking sleepers (dates only).
    package func set(_ date: Date) {
        let elapsed = state.withLock { $0.elapsed }
        start.withLock { $0 = date.addingTimeInterval(-elapsed.timeInterval) }
    }

    // MARK: Sleeping

    /// The `Clock<Duration>` view, for code that sleeps (`clock.sleep(for:)`).
    package var sleeping: Sleeping { Sleeping(owner: self) }

    /// Every duration a sleeper asked for, in order.
    package var requestedSleeps: [Duration] { state.withLock { $0.requested } }

    /// How many sleeps are pending.
    package var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Whether a sleep that asked for exactly `duration` is pending.
    package func hasSleeper(_ duration: Duration) -> Bool {
        state.withLock { $0.sleepers.contains { $0.requested == duration } }
    }

    /// Returns once a sleep of exactly `duration` (any sleep when nil) is pending.
    package func waitForSleeper(_ duration: Duration? = nil) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let present = state.withLock { state in
                if state.sleepers.contains(where: { duration == nil || $0.requested == duration }) { return true }
                state.watchers.append((duration, continuation))
                return false
            }
            if present { continuation.resume() }
        }
    }

    fileprivate func sleep(until deadline: Duration) async throws {
        if advancesOnSleep {
            try Task.checkCancellation()
            state.withLock { state in
                state.requested.append(deadline - state.elapsed)
                state.elapsed = max(state.elapsed, deadline)
            }
            return
        }
        let id = state.withLock { state in
            state.nextId += 1
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Start { case cancelled, due, waiting([CheckedContinuation<Void, Never>]) }
                let start = state.withLock { state -> Start in
                    let requested = deadline - state.elapsed
                    state.requested.append(requested)
                    if state.cancelledEarly.remove(id) != nil { return .cancelled }
                    if deadline <= state.elapsed { return .due }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, requested: requested, continuation: continuation))
                    let ready = state.watchers.filter { $0.duration == nil || $0.duration == requested }.map(\.continuation)
                    state.watchers.removeAll { $0.duration == nil || $0.duration == requested }
                    return .waiting(ready)
                }
                switch start {
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .due: continuation.resume()
                case .waiting(let ready): ready.forEach { $0.resume() }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledEarly.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    fileprivate var elapsed: Duration { state.withLock { $0.elapsed } }

    /// ``ManualClock`` as a `Clock<Duration>`: its instants are offsets from the clock's start.
    package struct Sleeping: Clock, Sendable {
        package struct Instant: InstantProtocol, Sendable {
            package var offset: Duration

            package func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
            package func duration(to other: Instant) -> Duration { other.offset - offset }
            package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        }

        let owner: ManualClock

        package var now: Instant { Instant(offset: owner.elapsed) }
        package var minimumResolution: Duration { .zero }

        package func sleep(until deadline: Instant, tolerance: Duration?) async throws {
            try await owner.sleep(until: deadline.offset)
        }
    }
}
