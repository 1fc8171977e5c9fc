import Foundation
import GRDB
import GRDBSQLite

/// Copies the write-ahead log into the database file on a thread of its own, so that the writer
/// — which every webhook and batch waits for — no longer does it inside a commit.
///
/// SQLite's default (`wal_autocheckpoint`, 1,000 pages) runs the checkpoint in the commit that
/// crosses the threshold: that commit writes ≈ 4 MB into the database file and syncs it, and every
/// webhook and batch queued behind it waits (10–20 ms here, about once per 400 webhooks: the
/// ingest's and the batch's p99). Here a commit past ``startPages`` new frames only wakes this
/// thread, which runs a `PASSIVE` checkpoint on its own read-write connection while the writer
/// goes on appending (WAL mode allows one checkpoint beside one writer).
///
/// A passive checkpoint never waits for the writer, so under steady load it rarely copies the
/// very last frame, and SQLite only starts the log over once every frame is in the database. So
/// when this thread has copied every frame there was when it began, the writer's next commit
/// copies the few written since (at most ``remainderPages``, well under a millisecond) and the
/// log starts over at the transaction after; past ``writerPages`` the writer checkpoints itself
/// whatever is left, as SQLite would.
///
/// ```swift
/// let checkpoints = try BackgroundCheckpoints(path: path, startPages: 1000, writerPages: 8000)
/// pool.writeWithoutTransaction { checkpoints.install(on: $0) }   // the writer's connection
/// …
/// checkpoints.stop()   // before closing the pool
/// ```
final class BackgroundCheckpoints: @unchecked Sendable {
    /// New frames in the log that make the writer wake this thread (SQLite's default threshold).
    let startPages: Int32
    /// Frames past which the writer checkpoints inside its commit.
    let writerPages: Int32

    private let connection: OpaquePointer
    private let condition = NSCondition()
    /// Frames written since this thread's last complete checkpoint that the writer copies itself.
    static let remainderPages: Int32 = 256

    // Guarded by `condition`. Requests are numbered; `served` is the last one a finished
    // checkpoint had been asked for when it started (tests wait for it). `copiedThrough`: every
    // frame up to it is in the database (0: unknown), valid in log generation `generation`,
    // which the writer moves on whenever it sees the log start over.
    private var requests = 0
    private var served = 0
    private var copiedThrough: Int32 = 0
    private var generation = 0
    private var stopped = false
    private var completed = 0
    private let finished = DispatchSemaphore(value: 0)
    /// Written only by the writer's thread, inside its commits (the WAL hook).
    private var nextRequestAt: Int32
    private var framesAtLastCommit: Int32 = 0

    init(path: String, startPages: Int32, writerPages: Int32) throws {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let error = handle.map { RawStatement.error(code, connection: $0) }
                ?? DatabaseError(resultCode: ResultCode(rawValue: code), message: "out of memory")
            if let handle { sqlite3_close_v2(handle) }
            throw EmbeddedStoreError.sqlite(error, operation: "opening the checkpoint connection")
        }
        // A checkpoint that meets a reader's or another checkpoint's lock retries later anyway.
        sqlite3_busy_timeout(handle, 100)
        // A connection that has read nothing has not opened the log yet, and a checkpoint on it
        // does nothing (it reports "not in WAL mode"): one read of the schema opens it.
        let opened = sqlite3_exec(handle, "SELECT count(*) FROM sqlite_schema", nil, nil, nil)
        guard opened == SQLITE_OK else {
            let error = RawStatement.error(opened, connection: handle)
            sqlite3_close_v2(handle)
            throw EmbeddedStoreError.sqlite(error, operation: "opening the checkpoint connection")
        }
        self.connection = handle
        self.startPages = startPages
        self.writerPages = writerPages
        self.nextRequestAt = startPages
        Thread { [self] in run() }.start()
    }

    /// Replaces SQLite's automatic checkpoint on `writer` (the pool's writer connection, on its
    /// thread) with this thread's.
    func install(on writer: Database) {
        sqlite3_wal_hook(writer.sqliteConnection, { context, database, schema, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<BackgroundCheckpoints>.fromOpaque(context).takeUnretainedValue()
                .committed(frames: frames, writer: database, schema: schema)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// What the writer does after a commit that left `frames` in the log.
    enum AfterCommit: Equatable {
        case nothing
        /// Wake the thread: enough new frames since the last request.
        case wake
        /// Checkpoint inside this commit: little is left to copy, or the log is at its bound.
        case checkpointHere
    }

    static func afterCommit(frames: Int32, copiedThrough: Int32, nextRequestAt: Int32, writerPages: Int32) -> AfterCommit {
        if frames >= writerPages { return .checkpointHere }
        if copiedThrough > 0, frames >= copiedThrough, frames - copiedThrough <= remainderPages { return .checkpointHere }
        return frames >= nextRequestAt ? .wake : .nothing
    }

    /// After each commit of the writer, on its thread: `frames` are in the log.
    private func committed(frames: Int32, writer: OpaquePointer?, schema: UnsafePointer<CChar>?) {
        let restarted = frames < framesAtLastCommit
        framesAtLastCommit = frames
        let copied: Int32 = condition.withLock {
            if restarted {
                // What the thread copied belongs to the previous log.
                generation += 1
                copiedThrough = 0
            }
            return copiedThrough
        }
        if restarted { nextRequestAt = startPages }
        switch Self.afterCommit(frames: frames, copiedThrough: copied, nextRequestAt: nextRequestAt, writerPages: writerPages) {
        case .nothing:
            break
        case .wake:
            nextRequestAt = frames + startPages
            condition.withLock {
                requests += 1
                condition.signal()
            }
        case .checkpointHere:
            // What SQLite's own hook does: copies what is left (nothing waits: a passive checkpoint
            // that meets the thread's is refused at once), and the next transaction starts the
            // log over.
            sqlite3_wal_checkpoint_v2(writer, schema, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            condition.withLock { copiedThrough = 0 }
            nextRequestAt = startPages
        }
    }

    private func run() {
        // Named from inside: a thread started from a dispatch worker otherwise shows in `top -H`
        // as that worker, whose name Linux copies to the threads it creates.
        Thread.current.name = "replies.ckpt"
        while true {
            let started: (request: Int, generation: Int)? = condition.withLock {
                while requests == served && !stopped { condition.wait() }
                return stopped ? nil : (requests, generation)
            }
            guard let started else { break }
            // Busy (a reader's or the writer's own checkpoint holds the lock): the next request retries.
            var log: Int32 = 0
            var copied: Int32 = 0
            let code = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied)
            condition.withLock {
                if code == SQLITE_OK, log > 0, copied == log, generation == started.generation { copiedThrough = log }
                served = started.request
                completed += 1
                condition.broadcast()
            }
        }
        finished.signal()
    }

    /// Checkpoints this thread has run (tests).
    var completedCount: Int { condition.withLock { completed } }

    /// Requests made so far (tests).
    var requestCount: Int { condition.withLock { requests } }

    /// Waits until a checkpoint that started after request `number` has finished, or `limit` has
    /// passed (tests); whether one has.
    func waitForCheckpoint(after number: Int, limit: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: limit)
        return condition.withLock {
            while served < number && !stopped {
                guard condition.wait(until: deadline) else { break }
            }
            return served >= number
        }
    }

    /// Ends the thread after its running checkpoint and closes its connection; later commits
    /// no longer wake it (the writer's own checkpoint past ``writerPages`` still runs).
    func stop() {
        let running: Bool = condition.withLock {
            guard !stopped else { return false }
            stopped = true
            condition.broadcast()
            return true
        }
        guard running else { return }
        finished.wait()
        sqlite3_close_v2(connection)
    }
}
