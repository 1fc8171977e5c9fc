@testable import EmbeddedBackend
import Foundation
import InMemoryBackend
import GRDB
import RepliesCore
import Testing

/// Group commit: concurrent transactions share one COMMIT, yet each keeps its own outcome.
@Suite struct GroupCommitTests {
    struct Boom: Error {}

    @Test func aFailingBodyInAGroupUndoesOnlyItsOwnWrites() async throws {
        try await Support.withBackend { backend, _ in
            let database = backend.database
            try await database.transaction { try $0.run("CREATE TABLE scratch (n INTEGER PRIMARY KEY)") }
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<60 {
                    group.addTask {
                        do {
                            try await database.transaction { sql in
                                if n % 3 == 1 { _ = try sql.rows("SELECT count(*) FROM scratch") }
                                try sql.run("INSERT INTO scratch (n) VALUES (?)", [.integer(n)])
                                if n % 2 == 1 { throw Boom() }
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let stored = try await database.transaction { sql in
                try sql.rows("SELECT n FROM scratch ORDER BY n").compactMap { $0.column("n")?.integer }
            }
            #expect(stored == Array(stride(from: 0, to: 60, by: 2)))
            #expect(outcomes.filter(\.value).keys.sorted() == Array(stride(from: 0, to: 60, by: 2)))
        }
    }

    @Test func aFailingReadOnlyOrFirstWriterDoesNotFailTheOthers() async throws {
        try await Support.withBackend { backend, _ in
            let database = backend.database
            try await database.transaction { try $0.run("CREATE TABLE scratch (n INTEGER PRIMARY KEY)") }
            let results = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        do {
                            try await database.transaction { sql in
                                if n % 4 == 0 { _ = try sql.rows("SELECT 1"); throw Boom() }
                                if n % 4 == 1 { _ = try sql.rows("SELECT 1"); return }
                                try sql.run("INSERT INTO scratch (n) VALUES (?)", [.integer(n)])
                                if n % 4 == 3 { throw Boom() }
                            }
                            return n % 4 == 1 || n % 4 == 2
                        } catch {
                            return n % 4 == 0 || n % 4 == 3
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0 })
            let stored = try await database.transaction { sql in
                try sql.rows("SELECT n FROM scratch ORDER BY n").compactMap { $0.column("n")?.integer }
            }
            #expect(stored == Array(stride(from: 2, to: 40, by: 4)))
        }
    }
}

/// Grouping is measured, not assumed: SQLite's own commit count, and each caller's write seen
/// from another connection the moment its call returns.
@Suite struct GroupCommitCountTests {
    static let callers = 40

    @Test func concurrentStagesShareOneCommitAndEachIsDurableWhenItReturns() async throws {
        try await Support.withBackend { backend, clock in
            let database = backend.database
            let counter = CommitCounter()
            database.pool.add(transactionObserver: counter, extent: .observerLifetime)
            var readOnly = Configuration()
            readOnly.readonly = true
            let observer = try DatabaseQueue(path: database.pool.path, configuration: readOnly)
            defer { try? observer.close() }

            // Hold the writer in a body of its own until every caller is queued behind it.
            let gate = DispatchSemaphore(value: 0)
            let running = Flag()
            let held = Task {
                try await database.transaction { sql in
                    try sql.run("INSERT INTO trigger_locks (conversation_id, expires_at_ms) VALUES ('held', 0)")
                    running.set()
                    gate.wait()
                }
            }
            try await Support.waitUntil { running.isSet }
            let stage = backend.stage
            let start = clock.now()
            let visibleOnReturn = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<Self.callers {
                    group.addTask {
                        let sid = "SM\(index)"
                        #expect(try await stage.stage(Support.fragment(sid, at: start)) == .staged)
                        // Committed means visible to every other connection (and, with
                        // synchronous = FULL, on disk).
                        return try await observer.read { db in
                            try Int.fetchOne(db, sql: "SELECT count(*) FROM fragments WHERE message_sid = ?", arguments: [sid]) == 1
                        }
                    }
                }
                // Released even if the callers never all queue, so a failure cannot hang the test.
                let allQueued = (try? await Support.waitUntil { database.queuedWrites == Self.callers }) != nil
                gate.signal()
                #expect(allQueued)
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await held.value

            #expect(visibleOnReturn.count == Self.callers && visibleOnReturn.allSatisfy { $0 })
            // The held body's commit, then one for all 40 callers (without grouping: 41).
            #expect(counter.commits == 2)
            #expect(try await backend.stage.pendingFragments(conversationId: Support.conversationId).count == Self.callers)
        }
    }

    @Test func aLoneCallerCommitsAtOnce() async throws {
        try await Support.withBackend { backend, clock in
            let counter = CommitCounter()
            backend.database.pool.add(transactionObserver: counter, extent: .observerLifetime)
            for index in 0..<5 {
                _ = try await backend.stage.stage(Support.fragment("SM\(index)", at: clock.now()))
                #expect(counter.commits == index + 1)
            }
        }
    }
}
