import Foundation

/// Values computed from a key and kept, because every webhook brings back the same few keys (a
/// channel's URL, an account's auth token). A bound rather than a tuning knob: past `limit`
/// entries the map starts over, so keys an attacker varies cannot grow memory.
///
/// ```swift
/// let forms = RememberedValues<String, [String]>(limit: 1024)
/// forms.value(for: url) { TwilioURLVariants($0).all }
/// ```
final class RememberedValues<Key: Hashable, Value>: @unchecked Sendable {
    private let limit: Int
    // Guards `values` (NSLock, as in the embedded backend's group commit); never held while computing.
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    func value(for key: Key, compute: (Key) -> Value) -> Value {
        if let known = lock.withLock({ values[key] }) { return known }
        let computed = compute(key)
        lock.withLock {
            if values.count >= limit { values.removeAll(keepingCapacity: true) }
            values[key] = computed
        }
        return computed
    }
}
