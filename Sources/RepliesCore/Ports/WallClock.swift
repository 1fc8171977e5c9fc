package import Foundation

/// The current time. Core code never reads the system clock directly, so tests control time.
package protocol WallClock: Sendable {
    func now() -> Date
}

/// The system clock.
package struct SystemClock: WallClock {
    package init() {}
    package func now() -> Date { Date() }
}
