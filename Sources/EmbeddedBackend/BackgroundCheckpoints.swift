import Foundation
import GRDB
import GRDBSQLite

/// Copies the write-ahead log into the database file on a thread of its own, so that the writer
/// — which every webhook and batch waits for — no longer does it inside a commit.
///
/// SQLite's default (`wal_autocheckpoint`, 1,000 pages) runs the checkpoint in the commit that
/// crosses the threshold: that commit writes ≈ 4 MB into the database file and syncs it, and every
/// webhook and batch queued behind it waits (10–20 ms here, about once per 400 webhooks: the
/// ingest's and the batch's p99). Here a commit past the ``Schedule`` only wakes this thread,
/// which runs a `PASSIVE` checkpoint on its own read-write connection while the writer goes on
/// appending (WAL mode allows one checkpoint beside one writer).
///
/// How much each checkpoint copies is the trade-off ``Schedule`` settles: the checkpoint's sync
/// of the database file shares the disk with the writer's sync of the log, so a commit that
/// syncs while a large checkpoint is being written waits for it (below saturation, paced at a
/// quarter of the saturated rate: p99 3–5 ms and p99.9 ≈ 15 ms with 1,000-page checkpoints,
/// 10–14 ms p99 with 4,000) — while small checkpoints, which keep those waits short, copy the
/// hot pages (the stage's newest leaves, the first page) more often, which costs CPU a saturated
/// engine does not have (≈ 5 µs of a webhook's ≈ 165 at 250 pages). Hence: small checkpoints
/// when the log grows slowly, large ones when it grows fast.
///
/// A passive checkpoint never waits for the writer, so under steady load it rarely copies the
/// very last frame, and SQLite only starts the log over once every frame is in the database. Past
/// ``Schedule/writerPages`` the writer therefore checkpoints itself, as SQLite would (copying only
/// what this thread has not, by then little); the log then starts over at its next transaction.
///
/// ```swift
/// let checkpoints = try BackgroundCheckpoints(path: path, schedule: .standard)
/// pool.writeWithoutTransaction { checkpoints.install(on: $0) }   // the writer's connection
/// …
/// checkpoints.stop()   // before closing the pool
/// ```
final class BackgroundCheckpoints: @unchecked Sendable {
    /// When a commit wakes this thread, counted in log frames (pages) the last request has not
    /// covered yet.
    struct Schedule: Sendable, Hashable {
        /// The smallest checkpoint asked for, once ``minimumInterval`` has passed since the last request.
        var startPages: Int32
        /// Asked for however recent the last request: under load, checkpoints grow to this size
        /// and no larger (SQLite's default threshold).
        var burstPages: Int32
        /// Frames past which the writer checkpoints inside its commit. That checkpoint ends with a
        /// sync of the database file that every webhook queued behind the writer waits for: at
        /// 16,000 frames (a log of ≈ 66 MB) it comes half as often as at 8,000 under saturated
        /// ingest, which took the saturated p99 from ≈ 9.4 to ≈ 7.5 ms (bench/NOTES.md).
        var writerPages: Int32
        /// Below ``burstPages``, the least time between two requests.
        var minimumInterval: Duration

        /// 256 pages (≈ 1 MB) at most every 50 ms, 1,000 pages (≈ 4 MB) whenever the log grows
        /// faster than that (≈ 5,000 pages a second: about 2,000 webhooks a second here).
        static let standard = Schedule(startPages: 256, burstPages: 1000, writerPages: 16000, minimumInterval: .milliseconds(50))
    }

    let schedule: Schedule

    private let connection: OpaquePointer
    private let condition = NSCondition()
    // Guarded by `condition`. Requests are numbered; `served` is the last one a finished
    // checkpoint had been asked for when it started (tests wait for it).
    private var requests = 0
    private var served = 0
    private var stopped = false
    private var completed = 0
    private let finished = DispatchSemaphore(value: 0)
    // Written only by the writer's thread, inside its commits (the WAL hook).
    private var framesAtLastRequest: Int32 = 0
    private var lastRequestAt = ContinuousClock.now
    private var framesAtLastCommit: Int32 = 0

    init(path: String, schedule: Schedule) throws {
        let handle = try RawStatement.openConnection(path, flags: SQLITE_OPEN_READWRITE, operation: "opening the checkpoint connection")
        // Only the opening read below may wait for a lock (recovery by another connection); a
        // passive checkpoint never waits, and one refused is retried at the next request.
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
        self.schedule = schedule
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

    /// After each commit of the writer, on its thread: `frames` are in the log.
    private func committed(frames: Int32, writer: OpaquePointer?, schema: UnsafePointer<CChar>?) {
        if frames < framesAtLastCommit { framesAtLastRequest = 0 }  // the log started over
        framesAtLastCommit = frames
        if frames >= schedule.writerPages {
            // What SQLite's own hook does, past a higher mark: copies what is left and lets the
            // next transaction start the log over (the first line above then resets the count).
            sqlite3_wal_checkpoint_v2(writer, schema, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return
        }
        let uncovered = frames - framesAtLastRequest
        guard uncovered >= schedule.startPages else { return }
        // The clock is read only past the small mark, not at every commit.
        let now = ContinuousClock.now
        if uncovered >= schedule.burstPages || now - lastRequestAt >= schedule.minimumInterval {
            framesAtLastRequest = frames
            lastRequestAt = now
            condition.withLock {
                requests += 1
                condition.signal()
            }
        }
    }

    private func run() {
        // Named from inside: a thread started from a dispatch worker otherwise shows in `top -H`
        // as that worker, whose name Linux copies to the threads it creates.
        Thread.current.name = "replies.ckpt"
        while true {
            let serving: Int? = condition.withLock {
                while requests == served && !stopped { condition.wait() }
                return stopped ? nil : requests
            }
            guard let serving else { break }
            // Refused (the writer's own checkpoint holds the lock): the next request retries.
            sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            condition.withLock {
                served = serving
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
    /// no longer wake it (the writer's own checkpoint past ``Schedule/writerPages`` still runs).
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
