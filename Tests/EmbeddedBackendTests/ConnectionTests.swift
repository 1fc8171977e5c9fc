@testable import EmbeddedBackend
import Foundation
import GRDB
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
