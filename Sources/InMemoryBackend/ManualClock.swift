import Foundation
import RepliesCore
import Synchronization

/// A clock that only moves when told to: core tests control time without sleeping.
///
/// ```swift
/// let clock = ManualClock(Date(timeIntervalSince1970: 1_750_000_000))
/// clock.advance(by: .seconds(10))
/// ```
public final class ManualClock: WallClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.adding(duration) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
