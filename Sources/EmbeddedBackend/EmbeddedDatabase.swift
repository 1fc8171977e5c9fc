import Foundation
import Logging
import SQLiteNIO

/// The one SQLite connection of an embedded backend, serialising every transaction.
///
/// An actor alone is not enough: its methods are re-entrant across `await`, and every SQLite call
/// is an `await`. A FIFO gate therefore admits one transaction body at a time, and every body runs
/// inside `BEGIN IMMEDIATE … COMMIT`, so a conditional check and its write can never interleave
/// with another one — in this process or in another process (`inspect`) using the same file.
///
/// **Group commit.** With `synchronous = FULL` each `COMMIT` waits for the disk (milliseconds), so
/// one commit per call would cap the webhook rate at the disk's sync rate. When callers are
/// queued at the gate, a finished body therefore leaves the transaction open and hands the gate
/// to the next caller, whose body runs in the same transaction; the last one commits for all.
/// A body that writes after an earlier body of the group wrote runs from a `SAVEPOINT` (taken by
/// ``SQLSession`` before its first write, see ``MemberWrites``), so a body that throws undoes only
/// its own writes. No caller returns before the `COMMIT` covering its writes succeeded (a failed
/// `COMMIT` fails every caller of the group). A group holds at most ``maxGroupSize`` bodies.
///
/// ```swift
/// let database = try await EmbeddedDatabase.open(file: path, logger: logger)
/// let count = try await database.transaction { try await $0.rows("SELECT count(*) AS n FROM triggers").count }
/// ```
actor EmbeddedDatabase {
    /// Bounds how long the first body of a group waits for the commit behind the others.
    static let maxGroupSize = 64

    private let connection: SQLiteConnection
    private let logger: Logger
    private var busy = false
    private var waiters: [Waiter] = []
    private var isClosed = false
    /// The transaction left open for the next caller, if any.
    private var openGroup: Int?
    private var groupSize = 0
    /// Whether a body of the open group wrote (later writers then need a savepoint).
    private var groupHasWrites = false
    private var nextGroup = 0
    /// Callers whose body ran in a group that has not committed yet, by group.
    private var awaitingCommit: [Int: [CheckedContinuation<Result<Void, any Error>, Never>]] = [:]

    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        /// Only a transaction may join an open group; `close()` waits for its commit.
        let joinsGroups: Bool
    }

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

    /// Runs `body` as one `BEGIN IMMEDIATE` transaction (possibly shared with other callers, see
    /// the type's documentation): its writes are committed when it returns, undone when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (SQLSession) async throws -> T) async throws -> T {
        guard !isClosed else { throw EmbeddedStoreError.closed }
        await enter(joinsGroups: true)
        guard !isClosed else {
            leave()
            throw EmbeddedStoreError.closed
        }
        let group: Int
        if let open = openGroup {
            group = open
        } else {
            do {
                try await SQLSession.control(connection, "BEGIN IMMEDIATE")
            } catch {
                leave()
                throw error
            }
            nextGroup += 1
            group = nextGroup
            openGroup = group
            groupSize = 0
            groupHasWrites = false
        }
        groupSize += 1

        let member = MemberWrites(groupHasWrites: groupHasWrites)
        let own: Result<T, any Error>
        do {
            own = .success(try await body(SQLSession(connection: connection, member: member)))
        } catch {
            own = .failure(error)
        }
        var ending = GroupEnding.none
        switch own {
        case .success:
            if member.hasSavepoint {
                do {
                    try await SQLSession.control(connection, "RELEASE member")
                } catch {
                    ending = .broken
                }
            }
            if member.wrote { groupHasWrites = true }
        case .failure:
            if member.hasSavepoint {
                // Undo this caller's writes only; the others of the group keep theirs.
                do {
                    try await SQLSession.control(connection, "ROLLBACK TO member")
                    try await SQLSession.control(connection, "RELEASE member")
                } catch {
                    ending = .broken
                }
            } else if member.wrote {
                // No savepoint: either the earlier bodies only read (rolling everything back
                // loses nothing of theirs) or taking the savepoint itself failed.
                ending = groupHasWrites ? .broken : .rolledBack
            }
        }
        return try await settle(group: group, own: own, ending: ending)
    }

    private enum GroupEnding {
        /// Commit now, or leave the transaction open for the next caller.
        case none
        /// The transaction holds only reads of earlier bodies: roll it back, they succeeded.
        case rolledBack
        /// A savepoint could not be taken, released or rolled back: fail the whole group.
        case broken
    }

    /// Commits the group now, or leaves it open for the next queued caller, then waits for the
    /// group's commit; returns (or throws) the caller's own result once its writes are durable.
    private func settle<T: Sendable>(group: Int, own: Result<T, any Error>, ending: GroupEnding) async throws -> T {
        let commit: Result<Void, any Error>
        if case .none = ending, waiters.first?.joinsGroups == true, groupSize < Self.maxGroupSize {
            leave()
            commit = await withCheckedContinuation { awaitingCommit[group, default: []].append($0) }
        } else {
            openGroup = nil
            switch ending {
            case .none:
                do {
                    try await SQLSession.control(connection, "COMMIT")
                    commit = .success(())
                } catch {
                    commit = .failure(error)
                    await rollback()
                }
            case .rolledBack:
                commit = .success(())
                await rollback()
            case .broken:
                commit = .failure(EmbeddedStoreError.database(
                    operation: "SAVEPOINT", detail: "a savepoint failed; the transaction was rolled back", busy: false))
                await rollback()
            }
            for member in awaitingCommit.removeValue(forKey: group) ?? [] { member.resume(returning: commit) }
            leave()
        }
        if case .failure(let error) = commit, case .success = own { throw error }
        return try own.get()
    }

    private func rollback() async {
        do {
            try await SQLSession.control(connection, "ROLLBACK")
        } catch {
            logger.error("rollback failed", metadata: ["error": "\(error)"])
        }
    }

    /// Closes the connection once the running transaction (if any) has finished.
    func close() async throws {
        guard !isClosed else { return }
        await enter(joinsGroups: false)
        defer { leave() }
        isClosed = true
        try await connection.close()
    }

    private func enter(joinsGroups: Bool) async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append(Waiter(continuation: $0, joinsGroups: joinsGroups)) }
    }

    private func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            // Hand the gate straight to the next waiter: `busy` stays true.
            waiters.removeFirst().continuation.resume()
        }
    }
}
