import Foundation

/// A flag one thread sets and another polls.
final class Flag: @unchecked Sendable {
    // Guards `value`.
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
