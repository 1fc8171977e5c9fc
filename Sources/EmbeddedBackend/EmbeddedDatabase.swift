import Foundation
import GRDB
import Logging

/// The SQLite file of an embedded backend: one writer connection that runs every transaction
/// body, and read-only connections for lookups (GRDB's WAL `DatabasePool`).
///
/// **Writes** (``transaction(_:)``) run as `BEGIN IMMEDIATE … COMMIT`, so a conditional check and
/// its write never interleave with another one — in this process or in another process
/// (`inspect`) using the same file, which waits up to ``busyTimeout`` for the lock. A body is
/// synchronous and runs whole on the writer's thread: no thread switch per statement.
///
/// **Group commit.** With `synchronous = FULL` each `COMMIT` waits for the disk (milliseconds), so
/// one commit per call would cap the webhook rate at the disk's sync rate. Bodies that queue up
/// while a commit is under way therefore share the next transaction (``GroupCommit``, at most
/// ``GroupCommit/maxGroupSize``): each runs in a savepoint, so one that throws undoes only its own
/// writes, and no caller returns before the `COMMIT` covering its writes succeeded (a failed
/// `COMMIT` fails every caller of the group).
///
/// **Reads** (``read(_:)``) run on a read-only connection, beside the writer: in WAL mode they
/// see the last committed state and never wait for a commit. Everything a caller wrote is
/// visible to its later reads, since a write returns only once committed. A process that handles
/// one request at a time (a Lambda handler) opens with ``Connections/writerOnly`` instead: its
/// reads run on the writer's connection, between its writes, and no second connection is opened
/// (≈ 1.5 ms of its cold start: opening it and reading the schema again).
///
/// ```swift
/// let database = try EmbeddedDatabase.open(file: path, logger: logger)
/// try await database.transaction { try $0.run("DELETE FROM trigger_locks WHERE conversation_id = ?", [.text(id)]) }
/// let count = try await database.read { try $0.rows("SELECT count(*) AS n FROM triggers").first?.column("n")?.integer }
/// ```
final class EmbeddedDatabase: Sendable {
    /// How long a writer waits for another process's write lock before failing as transient.
    static let busyTimeout: TimeInterval = 5

    /// The writer connection's page cache, at most (KiB).
    static let writerCacheKiB = 32 * 1024

    /// Which connections serve reads.
    enum Connections: Sendable {
        /// Read-only connections beside the writer, one per thread reading at once (`serve`).
        case readersBesideWriter
        /// The writer's own connection, for a process that runs one request at a time: a read
        /// waits for a running write instead of running beside it.
        case writerOnly
    }

    /// GRDB's pool: the writer, and read-only connections (created on demand).
    let pool: DatabasePool
    private let writes: GroupCommit
    private let connections: Connections
    /// The hot lookups' connections (``lookup(_:_:_:)``).
    private let lookups: LookupConnections
    /// Checkpoints off the writer's thread; nil with ``Connections/writerOnly`` (SQLite's own, in
    /// the commit: a process that runs one request at a time has no one waiting behind it).
    let checkpoints: BackgroundCheckpoints?
    /// The webhook's conversation lookups on the writer, kept while unchanged (installed on the
    /// writer's connection at open; told by the group commit when each transaction ends).
    let conversationLookups: ConversationLookupMemo
    /// The writer's `PRAGMA data_version`: it changes when another connection commits.
    private let dataVersionStatement: LookupStatement

    private init(
        pool: DatabasePool, path: String, maxQueuedWrites: Int, connections: Connections, checkpoints: BackgroundCheckpoints?,
        conversationLookups: ConversationLookupMemo
    ) {
        self.pool = pool
        self.writes = GroupCommit(pool: pool, maxQueued: maxQueuedWrites, transactionEnded: conversationLookups.transactionEnded)
        self.connections = connections
        self.lookups = LookupConnections(path: path, busyTimeout: Self.busyTimeout)
        self.checkpoints = checkpoints
        self.conversationLookups = conversationLookups
        self.dataVersionStatement = lookups.statement("PRAGMA data_version", table: "data_version")
    }

    /// Opens (creating if needed) the database file in WAL mode with full sync, and brings its
    /// schema up to date.
    static func open(
        file path: String, maxQueuedWrites: Int = EmbeddedBackend.defaultMaxQueuedWrites,
        connections: Connections = .readersBesideWriter, checkpoints schedule: BackgroundCheckpoints.Schedule = .standard,
        logger: Logger
    ) throws -> EmbeddedDatabase {
        var configuration = Configuration()
        configuration.label = "replies.embedded"
        let conversationLookups = ConversationLookupMemo()
        // Another process holding the write lock makes us wait, then fail as transient.
        // (Readers wait up to GRDB's 10 s in the rare cases WAL readers are blocked at all.)
        configuration.busyMode = .timeout(busyTimeout)
        // The group commit ends every transaction it begins itself, and checks before each
        // group; GRDB's own check would trap the process instead of failing one group.
        configuration.allowsUnsafeTransactions = true
        // Reads run on their callers' threads (see `read`): one reader per thread that may call.
        configuration.maximumReaderCount = max(5, ProcessInfo.processInfo.activeProcessorCount + 1)
        try OwnerOnlyFiles.prepareDatabase(path)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
                throw EmbeddedStoreError.directoryNotWritable(
                    path: path, reason: "cannot open the database file (\(error.message ?? "\(error.resultCode)"))")
            default:
                throw EmbeddedStoreError.sqlite(error, operation: "opening the database")
            }
        }
        do {
            try pool.writeWithoutTransaction { database in
                // GRDB opens WAL databases with synchronous = NORMAL; FULL syncs the WAL at every
                // commit, so a `200` is on disk and survives kill -9 and power loss.
                try database.execute(sql: "PRAGMA synchronous = FULL")
                // The writer runs every webhook's lookups (``SQLiteBatchCommits``) on pages its
                // own commits keep valid: room for the conversations of a busy deployment (a
                // record of a few KB takes two pages; SQLite's default 2 MiB held about a
                // thousand, and lookups beyond went back to the file). Taken only as pages are read.
                try database.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)")
                try database.inTransaction(.immediate) {
                    try Schema.migrate(SQLSession(database: database))
                    return .commit
                }
                try conversationLookups.install(on: database)
            }
        } catch let error as DatabaseError {
            try? pool.close()
            throw EmbeddedStoreError.sqlite(error, operation: "opening the database")
        } catch {
            try? pool.close()
            throw error
        }
        var checkpoints: BackgroundCheckpoints?
        if case .readersBesideWriter = connections {
            do {
                let background = try BackgroundCheckpoints(path: path, schedule: schedule)
                pool.writeWithoutTransaction { background.install(on: $0) }
                checkpoints = background
            } catch {
                try? pool.close()
                throw error
            }
        }
        logger.debug("database open", metadata: ["file": "\(path)"])
        return EmbeddedDatabase(
            pool: pool, path: path, maxQueuedWrites: maxQueuedWrites, connections: connections, checkpoints: checkpoints,
            conversationLookups: conversationLookups)
    }

    /// Runs `body` on the writer inside a `BEGIN IMMEDIATE` transaction, possibly shared with
    /// other callers (see the type's documentation): its writes are committed when this returns,
    /// undone when it throws. The body runs even if the calling task is cancelled meanwhile, so
    /// a caller never loses track of a write that happened.
    ///
    /// `durability` ``Durability/withNextSyncedCommit`` lets a group made only of such bodies
    /// commit without waiting for the disk (for counters whose loss with the power costs little).
    func transaction<T: Sendable>(
        durability: Durability = .synced, _ body: @escaping @Sendable (SQLSession) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            switch writes.submit(PendingWrite(body, durability: durability, continuation: continuation)) {
            case nil: break
            case .closed?: continuation.resume(throwing: EmbeddedStoreError.closed)
            case .full(let queued)?: continuation.resume(throwing: EmbeddedStoreError.overloaded(queued: queued))
            }
        }
    }

    /// Runs `body` on a read-only connection, in one read transaction (a consistent snapshot of
    /// the last commit). Writing statements fail.
    ///
    /// The read runs right here, on the calling thread: a WAL reader never waits for the writer
    /// and a lookup takes microseconds, while handing it to a connection's own thread and back
    /// would cost two thread wake-ups per lookup — the very overhead this backend removes. (At
    /// most one read per thread can run, so the pool of readers never runs dry.)
    func read<T>(_ body: (SQLSession) throws -> T) async throws -> T {
        guard !writes.isClosed else { throw EmbeddedStoreError.closed }
        return try readInPlace(body)
    }

    /// A statement for ``lookup(_:_:_:)``, registered once by the store that runs it.
    func lookupStatement(_ sql: String, table: String) -> LookupStatement {
        lookups.statement(sql, table: table)
    }

    /// One `SELECT` with `binds` bound, each result row handed to `row`: the engine's hot
    /// lookups, without GRDB's per-read overhead (``LookupConnections`` says why). Like
    /// ``read(_:)``: the last commit, on a read-only connection (on the writer's in
    /// ``Connections/writerOnly``), on the calling thread.
    func lookup<T>(_ statement: LookupStatement, _ binds: [SQLValue], _ row: (LookupRow) throws -> T) async throws -> [T] {
        guard !writes.isClosed else { throw EmbeddedStoreError.closed }
        switch connections {
        case .readersBesideWriter:
            return try lookups.rows(statement, binds, row)
        case .writerOnly:
            return try lookupOnWriter(statement, binds, row)
        }
    }

    /// ``lookup(_:_:_:)`` inside a transaction body, on the writer's connection (`sql`).
    func lookup<T>(_ statement: LookupStatement, _ binds: [SQLValue], on sql: SQLSession, _ row: (LookupRow) throws -> T) throws -> [T] {
        try lookups.rows(onWriter: sql.database, statement, binds, row)
    }

    /// The writer's `PRAGMA data_version` inside a transaction body (`sql`): unchanged while no
    /// other connection has committed.
    func dataVersion(on sql: SQLSession) throws -> Int64 {
        try lookup(dataVersionStatement, [], on: sql) { $0.integer(0) }.first ?? 0
    }

    /// A plain function, so GRDB's blocking overload is the one chosen.
    private func lookupOnWriter<T>(_ statement: LookupStatement, _ binds: [SQLValue], _ row: (LookupRow) throws -> T) throws -> [T] {
        do {
            return try pool.writeWithoutTransaction { database in try lookups.rows(onWriter: database, statement, binds, row) }
        } catch let error as DatabaseError {
            if writes.isClosed { throw EmbeddedStoreError.closed }
            throw EmbeddedStoreError.sqlite(error, operation: "lookup")
        }
    }

    /// The synchronous GRDB read (a plain function, so GRDB's blocking overload is the one chosen).
    private func readInPlace<T>(_ body: (SQLSession) throws -> T) throws -> T {
        do {
            switch connections {
            case .readersBesideWriter:
                return try pool.read { database in try body(SQLSession(database: database)) }
            case .writerOnly:
                return try pool.writeWithoutTransaction { database in try Self.readTransaction(database, body) }
            }
        } catch let error as DatabaseError {
            // A read racing `close()` finds GRDB's connections closed.
            if writes.isClosed { throw EmbeddedStoreError.closed }
            throw EmbeddedStoreError.sqlite(error, operation: "read")
        }
    }

    /// `body` in one deferred transaction (a consistent snapshot), with writing statements refused
    /// as on a read-only connection.
    private static func readTransaction<T>(_ database: Database, _ body: (SQLSession) throws -> T) throws -> T {
        try database.readOnly {
            var result: T?
            try database.inTransaction(.deferred) {
                result = try body(SQLSession(database: database))
                return .commit
            }
            guard let result else {
                throw EmbeddedStoreError.database(operation: "read", detail: "the read did not run", busy: false)
            }
            return result
        }
    }

    /// Lets queued transactions finish, then closes every connection. Later calls fail with
    /// ``EmbeddedStoreError/closed``.
    func close() async throws {
        guard !writes.isClosed else { return }
        await writes.close()
        do {
            // Readers first, so that the writer is the file's last connection in this process:
            // SQLite then checkpoints the WAL into the database, syncs it and deletes the WAL as
            // it closes (skipped, without waiting, while another process has the file open).
            // GRDB's `close()` closes the writer first, which left a read-only connection last —
            // and a WAL as large as every write since the last checkpoint, which the next process
            // had to read back (recovery) and copy into the database at its first commit.
            checkpoints?.stop()
            lookups.close()
            releaseWriterLookups()
            pool.releaseMemory()
            try pool.close()
        } catch let error as DatabaseError {
            throw EmbeddedStoreError.sqlite(error, operation: "closing the database")
        }
    }

    /// On the writer's thread (a plain function, so GRDB's blocking overload is the one chosen).
    private func releaseWriterLookups() {
        pool.writeWithoutTransaction { _ in lookups.releaseWriter() }
    }

    /// Bodies queued for the writer and not yet in a group (tests fill the queue on purpose).
    var queuedWrites: Int { writes.queuedCount }

    /// Whether the writer is running a group (tests wait for it).
    var isWriting: Bool { writes.isDraining }

    /// Read-only lookup connections opened so far (tests: which path a lookup took).
    var lookupConnectionsOpened: Int { lookups.opened }

    /// Commits so far, and how many of them synced the disk.
    var commits: CommitCounts { writes.commits }
}
