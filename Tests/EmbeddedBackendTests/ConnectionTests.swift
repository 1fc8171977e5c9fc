@testable import EmbeddedBackend
import Foundation
import GRDB
import InMemoryBackend
import RepliesCore
import Testing

/// How the backend uses its connections: lookups on read-only ones, writes waiting for another
/// process's lock instead of failing at once.
@Suite struct ConnectionTests {
    @Test func readsRunOnAReadOnlyConnection() async throws {
        try await Support.withBackend { backend, _ in
            let error = await #expect(throws: EmbeddedStoreError.self) {
                try await backend.database.read { try $0.run("DELETE FROM triggers") }
            }
            guard case .database(let operation, _, _)? = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(operation == "DELETE FROM triggers")
        }
    }

    /// A Lambda handler (one request at a time) reads on the writer's connection — no second
    /// connection to open on a cold start — with writing statements still refused in a read.
    @Test func oneRequestAtATimeReadsOnTheWritersConnection() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let backend = try await EmbeddedBackend.open(
            directory: directory.path, oneRequestAtATime: true, clock: clock, timer: clock.sleeping, logger: Support.quiet)
        do {
            try await backend.queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)
            #expect(try await backend.queue.count() == 1)
            // `query_only` is how a read on the writer is kept read-only; a read-only connection
            // of the pool would answer 0 (it is read-only by how it was opened).
            let queryOnly = try await backend.database.read { try $0.rows("PRAGMA query_only").first?.databaseValues.first.map(SQLValue.init)?.integer }
            #expect(queryOnly == 1)
            await #expect(throws: EmbeddedStoreError.self) {
                try await backend.database.read { try $0.run("DELETE FROM triggers") }
            }
            // The writer writes again once the read is over.
            try await backend.queue.enqueue(Trigger(ConversationKey(primaryChannel: "+447700900999", conversationId: "c2")), channel: .sms, delay: .zero)
            #expect(try await backend.queue.count() == 2)
        } catch {
            try? await backend.close()
            throw error
        }
        try await backend.close()
    }

    /// Closing leaves the database file whole and no WAL beside it, even after reads on read-only
    /// connections: the next process (a Lambda cold start, `serve` after `seed`) would otherwise
    /// read the whole WAL back and copy it into the database at its first commit.
    @Test func closingCheckpointsAndRemovesTheWriteAheadLog() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let backend = try await Support.open(directory, clock: ManualClock())
        try await backend.queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)
        #expect(try await backend.queue.count() == 1)
        let wal = (directory.path as NSString).appendingPathComponent(EmbeddedBackend.databaseFileName + "-wal")
        #expect(FileManager.default.fileExists(atPath: wal))
        try await backend.close()
        #expect(!FileManager.default.fileExists(atPath: wal))

        let reopened = try await Support.open(directory, clock: ManualClock())
        #expect(try await reopened.queue.count() == 1)
        try await reopened.close()
    }

    @Test func theWriterWaitsForAnotherProcessHoldingTheWriteLock() async throws {
        try await Support.withBackend { backend, _ in
            let database = backend.database
            #expect(try await Support.scalar(backend, "PRAGMA busy_timeout") == Int(EmbeddedDatabase.busyTimeout * 1000))

            // Another connection (as `inspect` or a tool would be) holds the write lock while a
            // write is queued; once it commits, the queued write goes through.
            let other = try DatabaseQueue(path: database.pool.path)
            defer { try? other.close() }
            let release = DispatchSemaphore(value: 0)
            let holding = Flag()
            let done = Flag()
            let failed = Flag()
            // On a thread of its own: it blocks while it holds the lock.
            DispatchQueue.global().async {
                do {
                    try Self.holdWriteLock(other, holding: holding, until: release)
                } catch {
                    failed.set()
                }
                done.set()
            }
            try await Support.waitUntil { holding.isSet }
            let write = Task { try await backend.queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero) }
            // Taken from the queue by the writer, which is now waiting for the lock.
            let taken = (try? await Support.waitUntil { database.isWriting && database.queuedWrites == 0 }) != nil
            release.signal()
            try await write.value
            try await Support.waitUntil { done.isSet }
            #expect(taken)
            #expect(!failed.isSet)
            #expect(try await backend.queue.count() == 1)
            #expect(try await Support.scalar(backend, "SELECT count(*) FROM trigger_locks WHERE conversation_id = 'other'") == 1)
        }
    }

    private static func holdWriteLock(_ connection: DatabaseQueue, holding: Flag, until release: DispatchSemaphore) throws {
        try connection.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(sql: "INSERT INTO trigger_locks (conversation_id, expires_at_ms) VALUES ('other', 0)")
            holding.set()
            release.wait()
            try db.execute(sql: "COMMIT")
        }
    }
}
