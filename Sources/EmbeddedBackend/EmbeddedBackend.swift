import Foundation
package import Logging
package import RepliesCore

/// The embedded backend: every storage port of the engine on one SQLite file in a data
/// directory, plus the secrets file beside it. The default backend of `serve` and `demo`.
///
/// ```swift
/// let backend = try await EmbeddedBackend.open(directory: env["REPLIES_DATA_DIR"] ?? "./.replies-data", logger: logger)
/// let ports = EnginePorts(
///     conversations: backend.conversations, stage: backend.stage, locks: backend.locks, queue: backend.queue,
///     secrets: backend.secrets, model: model, sender: sender, handoff: backend.handoff, verifier: verifier,
///     companies: backend.companies)
/// let worker = TriggerWorker(source: backend.queue, processor: processor, logger: logger)
/// …
/// try await backend.close()
/// ```
package struct EmbeddedBackend: Sendable {
    package static let databaseFileName = "replies.sqlite"

    /// The data directory, as given to ``open(directory:clock:timer:logger:)``.
    package let directory: String
    package let conversations: SQLiteConversationStore
    package let stage: SQLiteFragmentStage
    package let locks: SQLiteTriggerLocks
    /// The delay queue: ``TriggerQueue`` for ingest, ``TriggerSource`` for the worker.
    package let queue: SQLiteDelayQueue
    package let handoff: SQLiteHandoffNotifier
    package let companies: SQLiteCompanyDirectory
    /// `secrets.json` in the data directory.
    package let secrets: FileSecretSource
    /// Writes `secrets.json` (for `seed`).
    package let secretsWriter: SecretsFileWriter

    let database: EmbeddedDatabase
    let clock: any WallClock
    let logger: Logger

    /// How long dead-lettered triggers and handoff notices are kept (SQS's maximum retention).
    package static let inspectionRetention: Duration = .seconds(14 * 24 * 3600)

    /// How often `serve` purges expired rows (``purgeExpiredLoggingFailures()``, run by its
    /// maintenance service).
    package static let purgeInterval: Duration = .seconds(3600)

    /// Creates `directory` if needed, opens (or creates and migrates) the database in it and
    /// purges expired rows. `clock` gives dates, `timer` is what the delay queue sleeps on.
    ///
    /// - Throws: ``EmbeddedStoreError/directoryNotWritable(path:reason:)`` when the directory cannot
    ///   be created or written, ``EmbeddedStoreError/schemaTooNew(found:supported:)`` for a file
    ///   from a newer engine.
    package static func open(
        directory: String,
        clock: any WallClock = SystemClock(),
        timer: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "replies.embedded")
    ) async throws -> EmbeddedBackend {
        try DataDirectory.prepare(directory)
        let file = (directory as NSString).appendingPathComponent(databaseFileName)
        let database = try await EmbeddedDatabase.open(file: file, logger: logger)
        let backend = EmbeddedBackend(
            directory: directory,
            conversations: SQLiteConversationStore(database: database),
            stage: SQLiteFragmentStage(database: database),
            locks: SQLiteTriggerLocks(database: database),
            queue: SQLiteDelayQueue(database: database, clock: clock, timer: timer),
            handoff: SQLiteHandoffNotifier(database: database, clock: clock, logger: logger),
            companies: SQLiteCompanyDirectory(database: database),
            secrets: FileSecretSource(directory: directory),
            secretsWriter: SecretsFileWriter(directory: directory),
            database: database, clock: clock, logger: logger
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

    /// Closes the database after the running transaction.
    package func close() async throws {
        try await database.close()
    }

    private static func purge(_ database: EmbeddedDatabase, now: Date, logger: Logger) async throws -> PurgeReport {
        let oldest = now.addingTimeInterval(-inspectionRetention.timeInterval)
        let report = try await database.transaction { sql in
            PurgeReport(
                doneFragments: try await SQLiteFragmentStage.purge(before: now, sql),
                expiredLocks: try await SQLiteTriggerLocks.purge(before: now, sql),
                deadLetters: try await SQLiteDelayQueue.purgeDeadLetters(before: oldest, sql),
                handoffNotices: try await SQLiteHandoffNotifier.purge(before: oldest, sql)
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
    package var deadLetters: Int
    package var handoffNotices: Int

    package init(doneFragments: Int, expiredLocks: Int, deadLetters: Int, handoffNotices: Int) {
        self.doneFragments = doneFragments
        self.expiredLocks = expiredLocks
        self.deadLetters = deadLetters
        self.handoffNotices = handoffNotices
    }
}
