@testable import EmbeddedBackend
import Foundation
import GRDB
import Testing

/// The write-ahead log is copied into the database by a thread of its own, not inside the commit
/// everyone queued behind the writer waits for — and still starts over, so it stays bounded.
@Suite struct BackgroundCheckpointsTests {
    /// A database whose checkpoint thresholds are small enough for a test to cross.
    static func withDatabase(
        start: Int32, burst: Int32 = 1_000_000, writer: Int32, interval: Duration = .zero, _ body: (EmbeddedDatabase) async throws -> Void
    ) async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = try file("checkpoints.sqlite", in: directory)
        let schedule = BackgroundCheckpoints.Schedule(startPages: start, burstPages: burst, writerPages: writer, minimumInterval: interval)
        let database = try EmbeddedDatabase.open(file: path, checkpoints: schedule, logger: Support.quiet)
        try await database.transaction { try $0.run("CREATE TABLE pages (id INTEGER PRIMARY KEY, fill BLOB NOT NULL)") }
        try await body(database)
        try await database.close()
    }

    static func file(_ name: String, in directory: TemporaryDirectory) throws -> String {
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        return (directory.path as NSString).appendingPathComponent(name)
    }

    /// One transaction that writes about `pages` pages of 4 KiB.
    static func writePages(_ database: EmbeddedDatabase, _ pages: Int) async throws {
        try await database.transaction { sql in
            for _ in 0..<pages { try sql.run("INSERT INTO pages (fill) VALUES (zeroblob(3900))") }
        }
    }

    /// Frames in the log now (a checkpoint's report; the writer's own, outside any transaction).
    static func framesInLog(_ database: EmbeddedDatabase) throws -> Int {
        try database.pool.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")?["log"] ?? -1
        }
    }

    @Test func aCommitPastTheThresholdWakesTheCheckpointThread() async throws {
        try await Self.withDatabase(start: 50, writer: 1_000_000) { database in
            let checkpoints = try #require(database.checkpoints)
            let before = checkpoints.requestCount
            try await Self.writePages(database, 120)
            let request = checkpoints.requestCount
            #expect(request > before)
            #expect(checkpoints.waitForCheckpoint(after: request, limit: 10))
            // That thread copied every frame, so the next transaction starts the log over.
            try await Self.writePages(database, 1)
            #expect(try Self.framesInLog(database) < 10)
            #expect(try await Support.scalar(database, "SELECT count(*) FROM pages") == 121)
        }
    }

    @Test func belowTheBurstMarkRequestsWaitForTheInterval() async throws {
        // An hour between small checkpoints: only the burst mark can ask for one within the test.
        try await Self.withDatabase(start: 50, burst: 200, writer: 1_000_000, interval: .seconds(3600)) { database in
            let checkpoints = try #require(database.checkpoints)
            let before = checkpoints.requestCount
            try await Self.writePages(database, 120)
            #expect(checkpoints.requestCount == before)
            try await Self.writePages(database, 120)
            let request = checkpoints.requestCount
            #expect(request == before + 1)
            #expect(checkpoints.waitForCheckpoint(after: request, limit: 10))
            // Counted from that request on: 120 more frames are again below the burst mark.
            try await Self.writePages(database, 1)
            try await Self.writePages(database, 120)
            #expect(checkpoints.requestCount == request)
        }
    }

    @Test func theWriterCheckpointsItselfPastItsOwnMark() async throws {
        // The thread is never woken (its threshold is out of reach): the writer's mark bounds the log.
        try await Self.withDatabase(start: 1_000_000, writer: 50) { database in
            try await Self.writePages(database, 60)
            try await Self.writePages(database, 1)
            #expect(try Self.framesInLog(database) < 10)
            #expect(database.checkpoints?.completedCount == 0)
        }
    }

    @Test func aProcessThatRunsOneRequestAtATimeKeepsSQLitesOwnCheckpoint() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.file("one.sqlite", in: directory)
        let database = try EmbeddedDatabase.open(file: path, connections: .writerOnly, logger: Support.quiet)
        #expect(database.checkpoints == nil)
        let autocheckpoint: Int? = try database.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") }
        #expect(autocheckpoint == 1000)
        try database.pool.close()
    }

    @Test func closingStopsTheThreadAndStillRemovesTheLog() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.file("close.sqlite", in: directory)
        let database = try EmbeddedDatabase.open(
            file: path, checkpoints: .init(startPages: 5, burstPages: 5, writerPages: 1_000_000, minimumInterval: .zero), logger: Support.quiet)
        try await database.transaction { try $0.run("CREATE TABLE pages (id INTEGER PRIMARY KEY, fill BLOB NOT NULL)") }
        try await Self.writePages(database, 20)
        try await database.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let reopened = try DatabaseQueue(path: path)
        let rows = try await reopened.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pages") }
        #expect(rows == 20)
        try reopened.close()
    }
}
