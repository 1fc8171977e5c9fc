import Foundation

/// Records already decoded from their stored JSON, by row key, each kept with the exact text it
/// was decoded from. A lookup still reads the row; only when the text it finds is the text
/// remembered (a byte comparison) is the decoding skipped. So the cache can never be stale,
/// whoever wrote the row — this process's writer or `seed` in another — and needs no
/// invalidation: decoding the JSON was the costliest step of a webhook's lookup.
///
/// The text is compared as the bytes SQLite hands the lookup (``LookupRow/bytes(_:_:)``): while it
/// is unchanged, not even a `String` of it is made (records with a long history are large).
///
/// ```swift
/// let conversation = try cache.value(key: key, bytes: bytes) { try Conversation(record: decode($0)) }
/// ```
final class DecodedRecords<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        var text: [UInt8]
        var value: Value
    }

    /// Past this many rows the cache starts over: a bound on memory, not a tuning knob (a webhook
    /// costs one extra decode after a reset).
    let capacity: Int
    // Guards `entries` (NSLock, as in ``GroupCommit``: `Synchronization.Mutex` trapped under load
    // in this toolchain).
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]

    init(capacity: Int = 8192) {
        self.capacity = capacity
    }

    /// The value decoded from the UTF-8 text `bytes`, decoding it (outside the lock) only when
    /// `key`'s remembered text differs.
    func value(key: Key, bytes: UnsafeRawBufferPointer, decode: (String) throws -> Value) rethrows -> Value {
        if let known = lock.withLock({ entries[key] }), Self.same(known.text, bytes) { return known.value }
        let text = [UInt8](bytes)
        let value = try decode(String(decoding: text, as: UTF8.self))
        lock.withLock {
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(text: text, value: value)
        }
        return value
    }

    private static func same(_ text: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard text.count == bytes.count else { return false }
        return text.withUnsafeBytes { known in
            guard let a = known.baseAddress, let b = bytes.baseAddress else { return true }  // both empty
            return memcmp(a, b, bytes.count) == 0
        }
    }

    /// How many rows are remembered (tests).
    var count: Int { lock.withLock { entries.count } }
}
