import Foundation
import Logging
import SQLiteNIO

/// The one SQLite connection of an embedded backend, serialising every transaction.
///
/// An actor alone is not enough: its methods are re-entrant across `await`, and every SQLite call
/// is an `await`. A FIFO gate therefore admits one transaction at a time, and each runs inside
/// `BEGIN IMMEDIATE … COMMIT`, so a conditional check and its write can never interleave with
/// another one — in this process or in another process (`inspect`) using the same file.
///
/// ```swift
/// let database = try await EmbeddedDatabase.open(file: path, logger: logger)
/// let count = try await database.transaction { try await $0.rows("SELECT count(*) AS n FROM triggers").count }
/// ```
actor EmbeddedDatabase {
    private let connection: SQLiteConnection
    private let logger: Logger
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isClosed = false

    private init(connection: SQLiteConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Opens (creating if needed) the database file, switches it to WAL with full sync, and
    /// brings its schema up to date.
    static func open(file path: String, logger: Logger) async throws -> EmbeddedDatabase {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw EmbeddedStoreError.directoryNotWritable(path: path, reason: "cannot open the database file (\(error))")
        }
        let database = EmbeddedDatabase(connection: connection, logger: logger)
        do {
            try await database.configure()
            try await database.transaction { try await Schema.migrate($0) }
        } catch {
            try? await connection.close()
            throw error
        }
        return database
    }

    private func configure() async throws {
        let session = SQLSession(connection: connection)
        // WAL + FULL: a commit is on disk before the webhook answers 200, so it survives kill -9
        // and power loss; readers never block the writer.
        let mode = try await session.rows("PRAGMA journal_mode = WAL").first?.column("journal_mode")?.string
        guard mode?.lowercased() == "wal" else {
            throw EmbeddedStoreError.database(operation: "enabling WAL", detail: "journal_mode is \(mode ?? "unknown")", busy: false)
        }
        try await session.run("PRAGMA synchronous = FULL")
        // Another process holding the write lock makes us wait up to 5 s, then fail as transient
        // (sqlite-nio's default busy handler would wait forever).
        try await session.run("PRAGMA busy_timeout = 5000")
    }

    /// Runs `body` as one `BEGIN IMMEDIATE` transaction: committed when it returns, rolled back
    /// when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (SQLSession) async throws -> T) async throws -> T {
        guard !isClosed else { throw EmbeddedStoreError.closed }
        await enter()
        defer { leave() }
        guard !isClosed else { throw EmbeddedStoreError.closed }
        let session = SQLSession(connection: connection)
        try await session.run("BEGIN IMMEDIATE")
        do {
            let value = try await body(session)
            try await session.run("COMMIT")
            return value
        } catch {
            do {
                try await session.run("ROLLBACK")
            } catch let rollbackError {
                logger.error("rollback failed", metadata: ["error": "\(rollbackError)"])
            }
            throw error
        }
    }

    /// Closes the connection once the running transaction (if any) has finished.
    func close() async throws {
        guard !isClosed else { return }
        await enter()
        defer { leave() }
        isClosed = true
        try await connection.close()
    }

    private func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            // Hand the gate straight to the next waiter: `busy` stays true.
            waiters.removeFirst().resume()
        }
    }
}
