import Foundation
package import Logging
package import RepliesCore

/// The embedded backend: every storage port of the engine on one SQLite file in a data
/// directory, plus the secrets file beside it. The default backend of `serve` and `demo`.
///
/// ```swift
/// let backend = try await EmbeddedBackend.open(directory: env["REPLIES_DATA_DIR"] ?? "./.replies-data", logger: logger)
/// let ports = EnginePorts(
///     conversations: backend.conversations, archive: backend.archive, stage: backend.stage, locks: backend.locks, queue: backend.queue,
///     secrets: backend.secrets, model: model, sender: sender, handoff: backend.handoff, verifier: verifier,
///     budgets: backend.budgets, companies: backend.companies)
/// let worker = TriggerWorker(source: backend.queue, processor: processor, logger: logger)
/// …
/// try await backend.close()
/// ```
package struct EmbeddedBackend: Sendable {
    package static let databaseFileName = "replies.sqlite"

    /// The data directory, as given to ``open(directory:clock:timer:logger:)``.
    package let directory: String
    package let conversations: SQLiteConversationStore
    /// The history table: turns moved out of the records.
    package let archive: SQLiteTurnArchive
    package let stage: SQLiteFragmentStage
    package let locks: SQLiteTriggerLocks
    /// The delay queue: ``TriggerQueue`` for ingest, ``TriggerSource`` for the worker.
    package let queue: SQLiteDelayQueue
    package let handoff: SQLiteHandoffNotifier
    package let companies: SQLiteCompanyDirectory
    package let budgets: SQLiteReplyBudgets
    /// `secrets.json` in the data directory.
    package let secrets: FileSecretSource
    /// Writes `secrets.json` (for `seed`).
    package let secretsWriter: SecretsFileWriter
    /// `seed`'s all-or-nothing writer.
    package let seedWriter: SQLiteSeedWriter
    /// The operator API's tables: tokens, idempotent sends, the inbox.
    package let operatorTokens: SQLiteOperatorTokens
    package let operatorSends: SQLiteOperatorSends
    package let operatorInbox: SQLiteOperatorInbox
    /// Batch steps in one commit each (the stores above share the database).
    package var batchCommits: SQLiteBatchCommits {
        SQLiteBatchCommits(database: database, queue: queue, conversations: conversations, companies: companies)
    }
    /// Transactions committed since the backend opened, and how many of them waited for the disk
    /// (the batch benchmark divides them by its batches).
    package var commitCounts: (all: Int, synced: Int) {
        let counts = database.commits
        return (counts.all, counts.synced)
    }

    let database: EmbeddedDatabase
    let clock: any WallClock
    let logger: Logger
    /// Held by the one process that serves from this directory (`exclusive` opens).
    private let lock: DataDirectoryLock?
    /// What this process took over from a predecessor that died (`exclusive` opens only).
    package let takeover: TakeoverReport?

    /// How long dead-lettered triggers and handoff notices are kept (SQS's maximum retention).
    package static let inspectionRetention: Duration = .seconds(14 * 24 * 3600)

    /// `SQLITE_MAX_QUEUED_WRITES`'s default: a burst far beyond a webhook's or a worker's
    /// normal load, small enough that a refused write is answered in milliseconds, not minutes.
    package static let defaultMaxQueuedWrites = 1024

    /// How often `serve` purges expired rows (``purgeExpiredLoggingFailures()``, run by its
    /// maintenance service).
    package static let purgeInterval: Duration = .seconds(3600)

    /// Creates `directory` if needed, opens (or creates and migrates) the database in it and
    /// purges expired rows. `clock` gives dates, `timer` is what the delay queue sleeps on.
    ///
    /// - Parameter maxQueuedWrites: writes that may wait for the database before one more is
    ///   refused with ``EmbeddedStoreError/overloaded(queued:)`` (`SQLITE_MAX_QUEUED_WRITES`).
    /// - Parameter exclusive: for `serve`: refuses a `secrets.json` other users can read, takes
    ///   the directory's ``DataDirectoryLock`` for the life of the backend (a second `serve` is
    ///   refused) and, holding it, takes over the leases
    ///   and in-flight triggers a crashed predecessor left (``takeover``). Tools (`seed`,
    ///   `inspect`) open without it, beside a running server.
    /// - Parameter oneRequestAtATime: for a process that never runs two requests at once (the
    ///   Lambda handlers): reads use the writer's connection instead of opening read-only ones.
    /// - Throws: ``EmbeddedStoreError/directoryNotWritable(path:reason:)`` when the directory cannot
    ///   be created or written, ``EmbeddedStoreError/dataDirectoryInUse(path:holder:)`` when
    ///   another `serve` holds it, ``EmbeddedStoreError/schemaTooNew(found:supported:)`` for a
    ///   file from a newer engine.
    package static func open(
        directory: String,
        exclusive: Bool = false,
        maxQueuedWrites: Int = defaultMaxQueuedWrites,
        oneRequestAtATime: Bool = false,
        clock: any WallClock = SystemClock(),
        timer: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "replies.embedded")
    ) async throws -> EmbeddedBackend {
        try DataDirectory.prepare(directory)
        if exclusive {
            // `serve` reads the tenants' credentials from it: refuse to start on a shared one.
            try OwnerOnlyFiles.refuseIfShared((directory as NSString).appendingPathComponent(FileSecretSource.fileName))
        }
        if OwnerOnlyFiles.isShared(directory: directory) {
            logger.warning("the data directory is accessible to other users; its files are private, but consider chmod 700", metadata: [
                "directory": "\(directory)"])
        }
        let lock = exclusive ? try DataDirectoryLock.acquire(directory: directory) : nil
        let file = (directory as NSString).appendingPathComponent(databaseFileName)
        let database: EmbeddedDatabase
        let takeover: TakeoverReport?
        do {
            database = try EmbeddedDatabase.open(
                file: file, maxQueuedWrites: maxQueuedWrites, connections: oneRequestAtATime ? .writerOnly : .readersBesideWriter, logger: logger)
            takeover = try await Self.takeOver(database, locked: lock != nil, now: clock.now(), logger: logger)
        } catch {
            lock?.release()
            throw error
        }
        let backend = EmbeddedBackend(
            directory: directory,
            conversations: SQLiteConversationStore(database: database),
            archive: SQLiteTurnArchive(database: database),
            stage: SQLiteFragmentStage(database: database),
            locks: SQLiteTriggerLocks(database: database),
            queue: SQLiteDelayQueue(database: database, clock: clock, timer: timer),
            handoff: SQLiteHandoffNotifier(database: database, clock: clock, logger: logger),
            companies: SQLiteCompanyDirectory(database: database),
            budgets: SQLiteReplyBudgets(database: database),
            secrets: FileSecretSource(directory: directory),
            secretsWriter: SecretsFileWriter(directory: directory),
            seedWriter: SQLiteSeedWriter(database: database, secretsWriter: SecretsFileWriter(directory: directory)),
            operatorTokens: SQLiteOperatorTokens(database: database), operatorSends: SQLiteOperatorSends(database: database),
            operatorInbox: SQLiteOperatorInbox(database: database),
            database: database, clock: clock, logger: logger, lock: lock, takeover: takeover
        )
        do {
            _ = try await purge(database, now: clock.now(), logger: logger)
        } catch {
            try? await backend.close()
            throw error
        }
        logger.info("embedded backend open", metadata: ["file": "\(file)"])
        return backend
    }

    /// Deletes done fragments past their retention, expired trigger locks, and dead letters and
    /// handoff notices older than ``inspectionRetention``.
    @discardableResult
    package func purgeExpired() async throws -> PurgeReport {
        try await Self.purge(database, now: clock.now(), logger: logger)
    }

    /// One maintenance pass for a periodic service: purges, and logs (never throws) a failure,
    /// which the next pass retries.
    package func purgeExpiredLoggingFailures() async {
        do {
            _ = try await purgeExpired()
        } catch {
            logger.warning("purging expired rows failed", metadata: ["error": "\(error)"])
        }
    }

    /// Closes the database after the running transaction; then releases the directory's lock,
    /// if held.
    package func close() async throws {
        defer { lock?.release() }
        try await database.close()
    }

    private static func takeOver(_ database: EmbeddedDatabase, locked: Bool, now: Date, logger: Logger) async throws -> TakeoverReport? {
        guard locked else { return nil }
        do {
            let report = try await CrashTakeover.run(database, now: now)
            if report.leases > 0 || report.triggers > 0 {
                logger.notice("took over from a serve that stopped without finishing (crash or kill -9)", metadata: [
                    "reply_leases": "\(report.leases)", "in_flight_triggers": "\(report.triggers)",
                ])
            }
            return report
        } catch {
            try? await database.close()
            throw error
        }
    }

    private static func purge(_ database: EmbeddedDatabase, now: Date, logger: Logger) async throws -> PurgeReport {
        let oldest = now.addingTimeInterval(-inspectionRetention.timeInterval)
        let report = try await database.transaction { sql in
            PurgeReport(
                doneFragments: try SQLiteFragmentStage.purge(before: now, sql),
                expiredLocks: try SQLiteTriggerLocks.purge(before: now, sql),
                budgetCounters: try SQLiteReplyBudgets.purge(before: now, sql),
                deadLetters: try SQLiteDelayQueue.purgeDeadLetters(before: oldest, sql),
                handoffNotices: try SQLiteHandoffNotifier.purge(before: oldest, sql),
                operatorSends: try SQLiteOperatorSends.purge(before: now, sql)
            )
        }
        logger.debug("purged expired rows", metadata: [
            "fragments": "\(report.doneFragments)", "locks": "\(report.expiredLocks)",
            "deadLetters": "\(report.deadLetters)", "notices": "\(report.handoffNotices)",
        ])
        return report
    }
}

/// How many rows one purge removed.
package struct PurgeReport: Sendable, Hashable {
    package var doneFragments: Int
    package var expiredLocks: Int
    package var budgetCounters: Int
    package var deadLetters: Int
    package var handoffNotices: Int
    /// Operator sends older than ``OperatorSend/retention``.
    package var operatorSends: Int

    package init(doneFragments: Int, expiredLocks: Int, budgetCounters: Int = 0, deadLetters: Int, handoffNotices: Int, operatorSends: Int = 0) {
        self.operatorSends = operatorSends
        self.doneFragments = doneFragments
        self.expiredLocks = expiredLocks
        self.budgetCounters = budgetCounters
        self.deadLetters = deadLetters
        self.handoffNotices = handoffNotices
    }
}
