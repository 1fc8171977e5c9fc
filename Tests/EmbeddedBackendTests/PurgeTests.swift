import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// Expired rows are deleted so the file does not grow forever; live rows are kept.
@Suite struct PurgeTests {
    @Test func purgeDeletesOnlyExpiredRows() async throws {
        try await Support.withBackend { backend, clock in
            let start = clock.now()
            for sid in ["SMshort", "SMlong", "SMpending"] {
                _ = try await backend.stage.stage(Support.fragment(sid, at: start))
            }
            try await backend.stage.markDone(conversationId: Support.conversationId, messageSids: ["SMshort"], outcome: .answered, retainUntil: start.addingTimeInterval(3600))
            try await backend.stage.markDone(conversationId: Support.conversationId, messageSids: ["SMlong"], outcome: .answered, retainUntil: start.addingTimeInterval(90_000))
            #expect(try await backend.locks.acquire(conversationId: "expiring", now: start, expiresAt: start.addingTimeInterval(10)))
            #expect(try await backend.locks.acquire(conversationId: "lasting", now: start, expiresAt: start.addingTimeInterval(86_400)))
            try await backend.queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)
            let delivery = try #require(try await backend.queue.receive(max: 1, wait: .zero, visibility: .seconds(30)).first)
            try await backend.queue.deadLetter(delivery, reason: "test")

            clock.advance(by: .seconds(7200))
            let report = try await backend.purgeExpired()
            #expect(report == PurgeReport(doneFragments: 1, expiredLocks: 1, deadLetters: 0, handoffNotices: 0))

            // The purged SID can be staged again; the retained one is still a duplicate.
            #expect(try await backend.stage.stage(Support.fragment("SMshort", at: start)) == .staged)
            #expect(try await backend.stage.stage(Support.fragment("SMlong", at: start)) == .alreadyDone)
            #expect(try await backend.stage.stage(Support.fragment("SMpending", at: start)) == .alreadyPending)
            #expect(try await backend.locks.acquire(conversationId: "lasting", now: clock.now(), expiresAt: clock.now().addingTimeInterval(10)) == false)
            #expect(try await Support.scalar(backend, "SELECT count(*) FROM trigger_locks") == 1)

            clock.advance(by: .seconds(15 * 86_400))
            #expect(try await backend.purgeExpired().deadLetters == 1)
            #expect(try await backend.queue.deadLetters().isEmpty)
        }
    }

    @Test func openingPurgesWhatExpiredWhileClosed() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let first = try await Support.open(directory, clock: clock)
        #expect(try await first.locks.acquire(conversationId: "expiring", now: clock.now(), expiresAt: clock.now().addingTimeInterval(10)))
        try await first.close()

        clock.advance(by: .seconds(60))
        let second = try await Support.open(directory, clock: clock)
        #expect(try await Support.scalar(second, "SELECT count(*) FROM trigger_locks") == 0)
        try await second.close()
    }
}
