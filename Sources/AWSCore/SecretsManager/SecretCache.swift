import Foundation
import Synchronization

/// In-memory secret values with a time to live, so a hot webhook path does not call Secrets
/// Manager on every request (as AWS recommends). Thread-safe.
final class SecretCache: Sendable {
    private struct Entry {
        var value: String
        var expires: Date
    }

    private let ttl: TimeInterval
    private let clock: @Sendable () -> Date
    private let entries = Mutex<[String: Entry]>([:])

    init(ttl: Duration, clock: @escaping @Sendable () -> Date) {
        self.ttl = TimeInterval(ttl.components.seconds) + TimeInterval(ttl.components.attoseconds) / 1e18
        self.clock = clock
    }

    func value(for id: String) -> String? {
        let now = clock()
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            if entry.expires <= now {
                entries[id] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: String, for id: String) {
        let expires = clock().addingTimeInterval(ttl)
        entries.withLock { $0[id] = Entry(value: value, expires: expires) }
    }

    func remove(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
