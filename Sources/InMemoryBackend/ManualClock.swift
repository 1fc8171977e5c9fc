package import Foundation
import RepliesCore
import Synchronization

/// A clock that only moves when told to: core tests control time without sleeping.
///
/// ```swift
/// let clock = ManualClock(Date(timeIntervalSince1970: 1_750_000_000))
/// clock.advance(by: .seconds(10))
/// ```
package final class ManualClock: WallClock {
    private let current: Mutex<Date>

    package init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    package func now() -> Date { current.withLock { $0 } }

    package func advance(by duration: Duration) {
        current.withLock { $0 = $0.adding(duration) }
    }

    package func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
