import Foundation
import GRDB
import GRDBSQLite

/// A lookup statement (a conversation by numbers or by key, a company), prepared once per
/// connection and kept: see ``LookupConnections``.
struct LookupStatement: Sendable {
    /// Position in each connection's list of prepared statements.
    let slot: Int
    let sql: String
    /// The table it reads, named in a corrupt row's error.
    let table: String
}

/// SQLite connections of our own for the engine's hot lookups, beside GRDB's pool (which serves
/// every other read): read-only ones for lookups made outside a transaction (an e-mail's, a
/// batch's company check, a conversation by key), and the writer's own connection, borrowed,
/// for those made inside a transaction body (a webhook's, ``SQLiteBatchCommits``) or on the
/// writer alone (``EmbeddedDatabase/Connections/writerOnly``).
///
/// Why not `DatabasePool.read`: a webhook made two lookups, and GRDB wrapped each in a pool
/// checkout, a dispatch-queue hop, `BEGIN`/`COMMIT` statements compiled anew each time, a
/// `PRAGMA schema_version` and a `Row` object per row — under load that was about 30 % of the
/// CPU a webhook cost, five times the lookup itself. Here a lookup is one prepared `SELECT`
/// (in autocommit mode, so it is its own read transaction: one consistent snapshot of the last
/// commit, as before), its text columns read straight from SQLite's buffer.
///
/// A connection is used by one thread at a time (checked out under a lock), so it is opened
/// without SQLite's own mutex. On ``close()`` idle connections close at once and checked-out
/// ones when their lookup ends, before GRDB's writer closes (the last connection checkpoints
/// and removes the WAL).
final class LookupConnections: @unchecked Sendable {
    private let path: String
    private let busyTimeoutMilliseconds: Int32
    // Guards `idle`, `statements` and `closed` (NSLock, as in ``GroupCommit``).
    private let lock = NSLock()
    private var idle: [LookupConnection] = []
    private var statements: [String] = []
    private var closed = false
    /// The writer's own connection, borrowed from GRDB; used only on the writer's thread (inside
    /// a transaction body or the writer's `writeWithoutTransaction`), one call at a time.
    private var writer: LookupConnection?
    /// Read-only connections opened so far (tests).
    private var openedCount = 0
    var opened: Int { lock.withLock { openedCount } }

    init(path: String, busyTimeout: TimeInterval) {
        self.path = path
        self.busyTimeoutMilliseconds = Int32(busyTimeout * 1000)
    }

    /// Registers a statement (once, when a store is made); the SQL must be a constant.
    func statement(_ sql: String, table: String) -> LookupStatement {
        lock.withLock {
            if let slot = statements.firstIndex(of: sql) { return LookupStatement(slot: slot, sql: sql, table: table) }
            statements.append(sql)
            return LookupStatement(slot: statements.count - 1, sql: sql, table: table)
        }
    }

    /// Runs `statement` with `binds` bound to its `?`s in order and hands each result row to
    /// `row`, on this thread.
    func rows<T>(_ statement: LookupStatement, _ binds: [SQLValue], _ row: (LookupRow) throws -> T) throws -> [T] {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try connection.rows(statement, binds, row)
    }

    /// Like ``rows(_:_:_:)``, on the writer's connection `database`: inside a transaction body it
    /// reads that transaction's state; in `writeWithoutTransaction` the `SELECT` is its own.
    func rows<T>(onWriter database: Database, _ statement: LookupStatement, _ binds: [SQLValue], _ row: (LookupRow) throws -> T) throws -> [T] {
        let connection: LookupConnection = try lock.withLock {
            guard !closed, let handle = database.sqliteConnection else { throw EmbeddedStoreError.closed }
            if let writer { return writer }
            let borrowed = LookupConnection(borrowing: handle)
            writer = borrowed
            return borrowed
        }
        return try connection.rows(statement, binds, row)
    }

    /// Finalizes the statements prepared on the writer's connection (inside the writer's
    /// `writeWithoutTransaction`): GRDB cannot close a connection that still has statements.
    func releaseWriter() {
        let borrowed: LookupConnection? = lock.withLock {
            defer { writer = nil }
            return writer
        }
        borrowed?.close()
    }

    /// Closes idle connections now and the others as their lookups end; later lookups fail.
    func close() {
        let closing: [LookupConnection] = lock.withLock {
            closed = true
            defer { idle = [] }
            return idle
        }
        for connection in closing { connection.close() }
    }

    private func checkOut() throws -> LookupConnection {
        let reused: LookupConnection?? = lock.withLock {
            guard !closed else { return .none }
            return .some(idle.popLast())
        }
        guard let reused else { throw EmbeddedStoreError.closed }
        if let reused { return reused }
        let connection = try LookupConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        lock.withLock { openedCount += 1 }
        return connection
    }

    private func checkIn(_ connection: LookupConnection) {
        let keep: Bool = lock.withLock {
            guard !closed else { return false }
            idle.append(connection)
            return true
        }
        if !keep { connection.close() }
    }
}

/// The current row of a lookup, valid only inside the callback it is passed to.
struct LookupRow {
    fileprivate let handle: OpaquePointer
    private let table: String

    fileprivate init(handle: OpaquePointer, table: String) {
        self.handle = handle
        self.table = table
    }

    /// Column `index` as text; a `NULL` is a corrupt row.
    func text(_ index: Int32) throws -> String {
        try bytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Column `index` as an integer (SQLite's conversion for any other type).
    func integer(_ index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// Column `index`'s UTF-8 bytes, without copying them (`body` must not keep them).
    func bytes<T>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard sqlite3_column_type(handle, index) == SQLITE_TEXT, let text = sqlite3_column_text(handle, index) else {
            let name = sqlite3_column_name(handle, index).map { String(cString: $0) } ?? "\(index)"
            throw EmbeddedStoreError.corruptRow(table: table, detail: "column \(name) is not text")
        }
        return try body(UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index))))
    }
}

/// One read-only connection (or the writer's, borrowed) and the statements prepared on it.
private final class LookupConnection {
    private let handle: OpaquePointer
    private let owned: Bool
    private var prepared: [OpaquePointer?] = []

    init(borrowing handle: OpaquePointer) {
        self.handle = handle
        self.owned = false
    }

    init(path: String, busyTimeoutMilliseconds: Int32) throws {
        let handle = try RawStatement.openConnection(path, flags: SQLITE_OPEN_READONLY, operation: "opening a lookup connection")
        self.handle = handle
        self.owned = true
        // Rare for a WAL reader (recovery, a WAL being restarted): wait as GRDB's readers do.
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    func rows<T>(_ statement: LookupStatement, _ binds: [SQLValue], _ row: (LookupRow) throws -> T) throws -> [T] {
        var results: [T] = []
        do {
            let compiled = try prepare(statement)
            try RawStatement.run(compiled, binds) { results.append(try row(LookupRow(handle: compiled, table: statement.table))) }
        } catch let error as DatabaseError {
            throw EmbeddedStoreError.sqlite(error, operation: SQLSession.summary(statement.sql))
        }
        return results
    }

    func close() {
        for statement in prepared { sqlite3_finalize(statement) }
        prepared = []
        if owned { sqlite3_close_v2(handle) }
    }

    private func prepare(_ statement: LookupStatement) throws -> OpaquePointer {
        if statement.slot < prepared.count, let compiled = prepared[statement.slot] { return compiled }
        var compiled: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, statement.sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &compiled, nil)
        guard code == SQLITE_OK, let compiled else { throw RawStatement.error(code, connection: handle) }
        if prepared.count <= statement.slot { prepared.append(contentsOf: repeatElement(nil, count: statement.slot + 1 - prepared.count)) }
        prepared[statement.slot] = compiled
        return compiled
    }
}
