import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement run with SQLite's own calls, for the statements on the webhook's path
/// (``SQLSession/run(_:_:)`` on GRDB's cached statements, ``LookupConnections`` on their own):
/// GRDB's binding through `DatabaseValue` and its per-statement bookkeeping cost more there than
/// the statement itself.
enum RawStatement {
    /// Binds `binds` to `statement`'s placeholders in order and steps it to the end, calling
    /// `eachRow` on each result row (read it from `statement` meanwhile); leaves it reset, with no
    /// bindings. SQLite's failures are thrown as `DatabaseError`, `eachRow`'s as they are.
    static func run(_ statement: OpaquePointer, _ binds: [SQLValue], eachRow: () throws -> Void = {}) throws {
        sqlite3_reset(statement)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() { try bind(value, at: Int32(index + 1), statement) }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code, connection: sqlite3_db_handle(statement)) }
            try eachRow()
        }
    }

    /// A connection of our own to `path` (`flags`: read-only or read-write; no mutex, one
    /// thread at a time), or ``EmbeddedStoreError`` naming `operation`. Close it with
    /// `sqlite3_close_v2`.
    static func openConnection(_ path: String, flags: Int32, operation: String) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let failure = handle.map { error(code, connection: $0) }
                ?? DatabaseError(resultCode: ResultCode(rawValue: code), message: "out of memory")
            if let handle { sqlite3_close_v2(handle) }
            throw EmbeddedStoreError.sqlite(failure, operation: operation)
        }
        return handle
    }

    /// SQLite's result `code` with `connection`'s last message.
    static func error(_ code: Int32, connection: OpaquePointer?) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) })
    }

    private static func bind(_ value: SQLValue, at index: Int32, _ statement: OpaquePointer) throws {
        let code: Int32
        switch value {
        case .integer(let integer): code = sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let real): code = sqlite3_bind_double(statement, index, real)
        // SQLITE_TRANSIENT: SQLite copies the value before the call returns.
        case .text(let text): code = sqlite3_bind_text(statement, index, text, -1, transient)
        case .blob(let data):
            code = data.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
        case .null: code = sqlite3_bind_null(statement, index)
        }
        guard code == SQLITE_OK else { throw error(code, connection: sqlite3_db_handle(statement)) }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
