@testable import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// What is written survives closing and reopening the data directory; bad directories fail clearly.
@Suite struct DurabilityTests {
    @Test func everythingSurvivesCloseAndReopen() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let start = clock.now()

        let first = try await Support.open(directory, clock: clock)
        try await first.conversations.put(Support.record())
        _ = try await first.stage.stage(Support.fragment("SM1", at: start))
        _ = try await first.stage.stage(Support.fragment("SM2", at: start.addingTimeInterval(0.002), body: "second"))
        _ = try await first.stage.stage(Support.fragment("SM3", at: start))
        try await first.stage.markDone(conversationId: Support.conversationId, messageSids: ["SM3"], outcome: .answered, retainUntil: start.addingTimeInterval(90_000))
        #expect(try await first.locks.acquire(conversationId: Support.conversationId, now: start, expiresAt: start.addingTimeInterval(130)))
        try await first.queue.enqueue(Support.trigger, channel: .whatsapp, delay: .seconds(10))
        try await first.queue.enqueue(Trigger(conversationId: "in-flight", primaryChannel: Support.userNumber), channel: .sms, delay: .zero)
        _ = try #require(try await first.queue.receive(max: 1, wait: .zero, visibility: .seconds(30)).first)
        try await first.companies.put(["company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"), "project_status": .string("active")])
        let pendingBefore = try await first.stage.pendingFragments(conversationId: Support.conversationId)
        try await first.close()

        let second = try await Support.open(directory, clock: clock)
        #expect(try await second.conversations.conversation(Support.key)?.record == Support.record())
        #expect(try await second.stage.pendingFragments(conversationId: Support.conversationId) == pendingBefore)
        #expect(pendingBefore.map(\.messageSid) == ["SM1", "SM2"])
        #expect(try await second.stage.stage(Support.fragment("SM3", at: start)) == .alreadyDone)
        #expect(try await second.locks.acquire(conversationId: Support.conversationId, now: start.addingTimeInterval(1), expiresAt: start.addingTimeInterval(130)) == false)
        #expect(try await second.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001")?["project_status"] == .string("active"))
        #expect(try await second.queue.count() == 2)
        #expect(try await second.queue.receive(max: 10, wait: .zero, visibility: .seconds(30)).isEmpty)

        clock.advance(by: .seconds(30))
        let redelivered = try await second.queue.receive(max: 10, wait: .zero, visibility: .seconds(30))
        #expect(redelivered.map(\.body).sorted() == [
            Support.trigger.encodedBody(), Trigger(conversationId: "in-flight", primaryChannel: Support.userNumber).encodedBody(),
        ].sorted())
        #expect(redelivered.first { $0.channel == .sms }?.receiveCount == 2)
        try await second.close()
    }

    /// What `kill -9` leaves behind: the files exactly as they are while the process runs, with
    /// committed transactions still only in the WAL. Copying them mid-run and opening the copy
    /// replays the WAL as crash recovery would.
    @Test func committedWritesSurviveACrashSnapshotOfTheFiles() async throws {
        let directory = TemporaryDirectory()
        let copy = TemporaryDirectory()
        defer {
            directory.remove()
            copy.remove()
        }
        let clock = ManualClock()
        let running = try await Support.open(directory, clock: clock)
        try await running.conversations.put(Support.record())
        _ = try await running.stage.stage(Support.fragment("SM1", at: clock.now()))
        try await running.queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)

        let manager = FileManager.default
        try manager.createDirectory(atPath: copy.path, withIntermediateDirectories: true)
        let name = EmbeddedBackend.databaseFileName
        #expect(manager.fileExists(atPath: (directory.path as NSString).appendingPathComponent(name + "-wal")))
        for file in [name, name + "-wal"] {
            try manager.copyItem(
                atPath: (directory.path as NSString).appendingPathComponent(file),
                toPath: (copy.path as NSString).appendingPathComponent(file)
            )
        }
        try await running.close()

        let recovered = try await Support.open(copy, clock: clock)
        #expect(try await recovered.conversations.conversation(Support.key) != nil)
        #expect(try await recovered.stage.pendingFragments(conversationId: Support.conversationId).map(\.messageSid) == ["SM1"])
        #expect(try await recovered.queue.receive(max: 1, wait: .zero, visibility: .seconds(30)).count == 1)
        try await recovered.close()
    }

    @Test func theDatabaseUsesWalWithFullSync() async throws {
        try await Support.withBackend { backend, _ in
            let mode = try await backend.database.transaction { sql in
                try sql.rows("PRAGMA journal_mode").first?.column("journal_mode")?.string
            }
            #expect(mode == "wal")
            // 2 = FULL: every commit is synced before the call returns.
            #expect(try await Support.scalar(backend, "PRAGMA synchronous") == 2)
            #expect(try await Support.scalar(backend, "SELECT version FROM schema_version") == Schema.currentVersion)
        }
    }

    @Test func openCreatesMissingDirectoriesAndTheDatabaseFile() async throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let nested = (root.path as NSString).appendingPathComponent("a/b/data")
        let backend = try await EmbeddedBackend.open(directory: nested, logger: Support.quiet)
        try await backend.close()
        #expect(FileManager.default.fileExists(atPath: (nested as NSString).appendingPathComponent(EmbeddedBackend.databaseFileName)))
    }

    @Test func aPathThatIsAFileIsRejectedWithAClearError() async throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        try FileManager.default.createDirectory(atPath: root.path, withIntermediateDirectories: true)
        let file = (root.path as NSString).appendingPathComponent("not-a-directory")
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))

        let error = await #expect(throws: EmbeddedStoreError.self) {
            _ = try await EmbeddedBackend.open(directory: file, logger: Support.quiet)
        }
        guard case .directoryNotWritable(let path, _)? = error else {
            Issue.record("expected directoryNotWritable, got \(String(describing: error))")
            return
        }
        #expect(path == file)
        #expect(error?.description.contains("REPLIES_DATA_DIR") == true)

        let below = (file as NSString).appendingPathComponent("data")
        await #expect(throws: EmbeddedStoreError.self) {
            _ = try await EmbeddedBackend.open(directory: below, logger: Support.quiet)
        }
    }

    @Test func aDatabaseFromANewerEngineIsRefused() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let backend = try await Support.open(directory, clock: ManualClock())
        try await backend.database.transaction { sql in
            try sql.run("UPDATE schema_version SET version = 99")
        }
        try await backend.close()

        await #expect(throws: EmbeddedStoreError.schemaTooNew(found: 99, supported: Schema.currentVersion)) {
            _ = try await Support.open(directory, clock: ManualClock())
        }
    }

    @Test func aClosedBackendFailsInsteadOfHanging() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let backend = try await Support.open(directory, clock: ManualClock())
        try await backend.close()
        await #expect(throws: EmbeddedStoreError.closed) { _ = try await backend.conversations.conversation(Support.key) }
    }

    @Test func doneFragmentsLoseTheirBodyAndMedia() async throws {
        try await Support.withBackend { backend, clock in
            var fragment = Support.fragment("SM1", at: clock.now(), body: "private text")
            fragment.media = [MediaItem(url: "https://api.example.com/media/1", contentType: "image/png")]
            _ = try await backend.stage.stage(fragment)
            try await backend.stage.markDone(conversationId: Support.conversationId, messageSids: ["SM1"], outcome: .answered, retainUntil: clock.now().addingTimeInterval(90_000))
            #expect(try await Support.scalar(backend, "SELECT count(*) FROM fragments WHERE body = '' AND media = '[]' AND state = 'done'") == 1)
            #expect(try await Support.scalar(backend, "SELECT count(*) FROM fragments WHERE body LIKE '%private%' OR media LIKE '%media/1%'") == 0)
        }
    }
}
