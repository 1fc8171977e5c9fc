import Foundation
import GRDB

/// The writer's queue of transaction bodies, committed in groups (see ``EmbeddedDatabase``).
///
/// Callers enqueue; one drain at a time runs on GRDB's writer thread and takes everything queued
/// (up to ``maxGroupSize``) into one `BEGIN IMMEDIATE … COMMIT`. While that commit waits for the
/// disk, new callers queue up and form the next group — so grouping needs no timer and a lone
/// caller never waits for company.
final class GroupCommit: @unchecked Sendable {
    /// Bounds how long the first body of a group waits for the commit behind the others.
    static let maxGroupSize = 64

    private let pool: DatabasePool
    /// Members that may wait at once (`SQLITE_MAX_QUEUED_WRITES`): past it a burst fails fast
    /// (the webhook answers 503) instead of every caller waiting longer and longer.
    private let maxQueued: Int
    // Guards `state` (NSLock: `Synchronization.Mutex` trapped under load in this toolchain).
    private let lock = NSLock()
    private var state = State()
    /// The writer connection's `synchronous` setting: FULL unless the last group was made only
    /// of bodies that may ride on the next commit's sync. Only the drain (on the writer's
    /// thread, one at a time) reads and writes it.
    private var syncsEveryCommit = true
    /// Commits made, and those of them that waited for the disk (for tests and the benchmark).
    private let counts = NSLock()
    private var commitCounts = CommitCounts()

    private struct State {
        var queued: [any GroupMember] = []
        var draining = false
        var closed = false
        /// `close()` callers waiting for the running drain to finish.
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Called on the writer's thread after each group's `COMMIT` or `ROLLBACK`.
    private let transactionEnded: @Sendable () -> Void

    init(pool: DatabasePool, maxQueued: Int, transactionEnded: @escaping @Sendable () -> Void = {}) {
        self.pool = pool
        self.maxQueued = maxQueued
        self.transactionEnded = transactionEnded
    }

    /// Why ``submit(_:)`` did not queue a member.
    enum Refusal: Error {
        case closed
        case full(queued: Int)
    }

    /// Queues `member`, or says why it will not run.
    func submit(_ member: any GroupMember) -> Refusal? {
        enum Admission { case refused(Refusal), queued, queuedAndDrain }
        let admission: Admission = lock.withLock {
            guard !state.closed else { return .refused(.closed) }
            guard state.queued.count < maxQueued else { return .refused(.full(queued: state.queued.count)) }
            state.queued.append(member)
            guard !state.draining else { return .queued }
            state.draining = true
            return .queuedAndDrain
        }
        switch admission {
        case .refused(let refusal):
            return refusal
        case .queued:
            return nil
        case .queuedAndDrain:
            pool.asyncWriteWithoutTransaction { [self] database in drain(database) }
            return nil
        }
    }

    /// Refuses new members, then waits until every queued one has finished.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle: Bool = lock.withLock {
                state.closed = true
                if state.draining { state.idleWaiters.append(continuation) }
                return !state.draining
            }
            if idle { continuation.resume() }
        }
    }

    var isClosed: Bool { lock.withLock { state.closed } }

    /// Members queued and not yet taken into a group (for tests that need a full queue).
    var queuedCount: Int { lock.withLock { state.queued.count } }

    /// Whether a drain is running on the writer (for tests).
    var isDraining: Bool { lock.withLock { state.draining } }

    /// Commits so far.
    var commits: CommitCounts { counts.withLock { commitCounts } }

    /// Runs groups until the queue is empty. On the writer thread.
    private func drain(_ database: Database) {
        while let group = nextGroup() {
            let syncs = group.contains { $0.durability == .synced }
            if syncs != syncsEveryCommit {
                // Outside any transaction (SQLite ignores the setting inside one). In WAL mode
                // NORMAL skips the WAL's fsync at this commit; the next FULL commit syncs the
                // whole WAL, these frames included.
                if (try? database.execute(sql: syncs ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")) != nil {
                    syncsEveryCommit = syncs
                }
            }
            let synced = syncsEveryCommit
            Self.run(group, on: database) {
                // Before any caller resumes: a caller that counts commits sees its own.
                counts.withLock {
                    commitCounts.all += 1
                    if synced { commitCounts.synced += 1 }
                }
            }
            transactionEnded()
        }
    }

    private func nextGroup() -> [any GroupMember]? {
        let (group, idleWaiters): ([any GroupMember], [CheckedContinuation<Void, Never>]) = lock.withLock {
            let group = Array(state.queued.prefix(Self.maxGroupSize))
            state.queued.removeFirst(group.count)
            guard group.isEmpty else { return (group, []) }
            state.draining = false
            defer { state.idleWaiters = [] }
            return ([], state.idleWaiters)
        }
        for waiter in idleWaiters { waiter.resume() }
        return group.isEmpty ? nil : group
    }

    /// One transaction for `group`. Each member of a shared transaction runs inside its own
    /// savepoint, so one that throws undoes only its own writes; a member alone is simply rolled
    /// back. Every member is then told the commit's outcome, and only then may its caller return.
    static func run(_ group: [any GroupMember], on database: Database, committed: () -> Void = {}) {
        let shared = group.count > 1
        let session = SQLSession(database: database)
        var step = "BEGIN"
        let commit: Result<Void, any Error>
        do {
            if database.isInsideTransaction {
                // Left over from a failed ROLLBACK: never let it swallow this group's writes.
                try database.rollback()
            }
            try database.inTransaction(.immediate) {
                var keep = true
                for member in group {
                    step = "SAVEPOINT"
                    if shared {
                        try session.run("SAVEPOINT member")
                        if member.run(session) {
                            try session.run("RELEASE member")
                        } else {
                            try session.run("ROLLBACK TO member")
                            try session.run("RELEASE member")
                        }
                    } else if !member.run(session) {
                        keep = false
                    }
                }
                step = "COMMIT"
                return keep ? .commit : .rollback
            }
            commit = .success(())
        } catch let error as DatabaseError {
            commit = .failure(EmbeddedStoreError.sqlite(error, operation: step))
        } catch {
            commit = .failure(error)
        }
        if case .success = commit { committed() }
        for member in group { member.finish(commit) }
    }
}

/// How many groups committed, and how many of those commits synced the disk.
struct CommitCounts: Sendable, Hashable {
    var all = 0
    var synced = 0
}

/// When a transaction body's writes must be on disk.
enum Durability: Sendable, Hashable {
    /// When its call returns (`synchronous = FULL`): what every acknowledgement relies on.
    case synced
    /// With the next synced commit, or SQLite's next checkpoint: committed and visible at once,
    /// and surviving a crash of the process, but lost with the machine's power before then.
    case withNextSyncedCommit
}

/// One caller's transaction body inside a group.
protocol GroupMember: AnyObject, Sendable {
    var durability: Durability { get }
    /// Runs the body on the writer's connection; false when it threw.
    func run(_ session: SQLSession) -> Bool
    /// Ends the caller's wait with its own result, or the group's failure to commit.
    func finish(_ commit: Result<Void, any Error>)
}

/// A caller of ``EmbeddedDatabase/transaction(_:)`` waiting for its group to commit.
final class PendingWrite<T: Sendable>: GroupMember, @unchecked Sendable {
    private let body: @Sendable (SQLSession) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    let durability: Durability
    // Written by `run` and read by `finish`, both on the writer thread, one after the other.
    private var own: Result<T, any Error>?

    init(_ body: @escaping @Sendable (SQLSession) throws -> T, durability: Durability = .synced, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.durability = durability
        self.continuation = continuation
    }

    func run(_ session: SQLSession) -> Bool {
        do {
            own = .success(try body(session))
            return true
        } catch {
            own = .failure(error)
            return false
        }
    }

    func finish(_ commit: Result<Void, any Error>) {
        switch (own, commit) {
        case (.success(let value)?, .success):
            continuation.resume(returning: value)
        case (.failure(let error)?, _), (.success?, .failure(let error)), (nil, .failure(let error)):
            continuation.resume(throwing: error)
        case (nil, .success):
            // Unreachable: a group commits only after every member ran.
            continuation.resume(throwing: EmbeddedStoreError.database(
                operation: "transaction", detail: "the body did not run", busy: false))
        }
    }
}
