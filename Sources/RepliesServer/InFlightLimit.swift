import Synchronization

/// Counts requests being answered and admits at most `maximum` at once.
///
/// ```swift
/// guard limit.enter() else { return busy }
/// defer { limit.leave() }
/// ```
final class InFlightLimit: Sendable {
    let maximum: Int
    private let count = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Takes a place; false (and no place taken) when all are taken.
    func enter() -> Bool {
        let now = count.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        guard now > maximum else { return true }
        count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
        return false
    }

    func leave() {
        count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }
}
