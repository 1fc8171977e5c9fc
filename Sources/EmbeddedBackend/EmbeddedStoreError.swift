package import RepliesCore

/// What went wrong in the embedded (SQLite) backend, and what to do about it.
///
/// ```swift
/// do { _ = try await EmbeddedBackend.open(directory: "/var/lib/replies", logger: logger) }
/// catch let error as EmbeddedStoreError { print(error) }   // "data directory … is not writable: …"
/// ```
package enum EmbeddedStoreError: Error, Hashable, CustomStringConvertible, RetryClassifying {
    /// The data directory could not be created or written.
    case directoryNotWritable(path: String, reason: String)
    /// Another `serve` holds the data directory's lock (``DataDirectoryLock``).
    case dataDirectoryInUse(path: String, holder: String?)
    /// The database file was written by a newer version of the engine.
    case schemaTooNew(found: Int, supported: Int)
    /// SQLite reported an error while running `operation`.
    case database(operation: String, detail: String, busy: Bool)
    /// A stored row could not be decoded.
    case corruptRow(table: String, detail: String)
    /// A record handed to `put` lacks a key attribute.
    case missingKeyAttribute(String)
    /// An update tried to change a key attribute.
    case keyAttributeChange(String)
    /// A queue receipt no longer names an in-flight delivery (it was completed, or its
    /// visibility expired and it was received again).
    case staleReceipt(String)
    /// The backend was closed.
    case closed

    package var description: String {
        switch self {
        case .directoryNotWritable(let path, let reason):
            "data directory '\(path)' is not writable: \(reason); set REPLIES_DATA_DIR to a writable directory"
        case .dataDirectoryInUse(let path, let holder):
            "data directory '\(path)' is in use by another replies-engine serve (\(holder ?? "its pid is unknown")); "
                + "two serve processes cannot share one data directory: stop the other one, or give this one its own REPLIES_DATA_DIR"
        case .schemaTooNew(let found, let supported):
            "database schema version \(found) is newer than this engine supports (\(supported)); upgrade the engine or use another data directory"
        case .database(let operation, let detail, _):
            "SQLite failed during \(operation): \(detail)"
        case .corruptRow(let table, let detail):
            "a row of '\(table)' cannot be decoded (\(detail)); inspect or delete it"
        case .missingKeyAttribute(let name):
            "record has no string '\(name)'; every stored record needs its key attributes"
        case .keyAttributeChange(let name):
            "an update may not change the key attribute '\(name)'"
        case .staleReceipt(let receipt):
            "queue receipt '\(receipt)' is not current (already settled, or received again after its visibility expired)"
        case .closed:
            "the embedded backend is closed"
        }
    }

    package var retryDisposition: RetryDisposition {
        switch self {
        case .database(_, _, let busy): busy ? .transient(retryAfter: .seconds(1)) : .transient(retryAfter: nil)
        case .closed: .transient(retryAfter: nil)
        default: .permanent
        }
    }
}
