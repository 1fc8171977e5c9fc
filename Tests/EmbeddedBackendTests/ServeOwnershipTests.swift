@testable import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// One `serve` per data directory (an exclusive lock), and what it takes over from a dead one.
@Suite struct ServeOwnershipTests {
    static func openExclusive(_ directory: TemporaryDirectory, clock: ManualClock) async throws -> EmbeddedBackend {
        try await EmbeddedBackend.open(directory: directory.path, exclusive: true, clock: clock, timer: clock.sleeping, logger: Support.quiet)
    }

    @Test func aSecondExclusiveOpenIsRefusedUntilTheFirstCloses() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let first = try await Self.openExclusive(directory, clock: clock)
        let error = try await #require(throws: EmbeddedStoreError.self) { try await Self.openExclusive(directory, clock: clock) }
        guard case .dataDirectoryInUse(let path, let holder) = error else {
            Issue.record("expected dataDirectoryInUse, got \(error)")
            return
        }
        #expect(path == directory.path)
        #expect(holder?.hasPrefix("pid \(getpid()), started ") == true)
        // Tools open beside the server without the lock.
        let tool = try await Support.open(directory, clock: clock)
        try await tool.close()

        try await first.close()
        let again = try await Self.openExclusive(directory, clock: clock)
        try await again.close()
    }

    @Test func theOwnerTakesOverLeasesAndInFlightTriggersLeftByADeadProcess() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        // The "dead" process: a lease held for 5 minutes and a trigger hidden for 2, never settled.
        let dead = try await Support.open(directory, clock: clock)
        try await dead.conversations.put(Support.record())
        let now = clock.now()
        _ = try await dead.conversations.acquireLease(Support.key, owner: "dead-worker", now: now, until: now.addingTimeInterval(300))
        try await dead.queue.enqueue(Trigger(Support.key), channel: .whatsapp, delay: .zero)
        let inFlight = try #require(try await dead.queue.receive(max: 1, wait: .zero, visibility: .seconds(120)).first)
        try await dead.queue.enqueue(Trigger(Support.key), channel: .whatsapp, delay: .seconds(60))
        try await dead.close()

        let owner = try await Self.openExclusive(directory, clock: clock)
        #expect(owner.takeover == TakeoverReport(leases: 1, triggers: 1))
        let lease = try #require(try await owner.conversations.conversation(Support.key)?.lease)
        #expect(lease.owner == "dead-worker" && lease.expiresAt <= clock.now())
        guard case .acquired = try await owner.conversations.acquireLease(Support.key, owner: "new", now: clock.now(), until: clock.now().addingTimeInterval(300)) else {
            Issue.record("the taken-over lease is not free")
            return
        }
        // The in-flight trigger is due at once; the delayed one keeps its delay.
        let redelivered = try await owner.queue.receive(max: 5, wait: .zero, visibility: .seconds(120))
        #expect(redelivered.map(\.id) == [inFlight.id])
        #expect(redelivered.first?.receiveCount == 2)
        try await owner.close()
    }

    @Test func withoutTheLockNothingIsTakenOver() async throws {
        try await Support.withBackend { backend, clock in
            try await backend.conversations.put(Support.record())
            let now = clock.now()
            _ = try await backend.conversations.acquireLease(Support.key, owner: "live-worker", now: now, until: now.addingTimeInterval(300))
            let tool = try await EmbeddedBackend.open(directory: backend.directory, clock: clock, timer: clock.sleeping, logger: Support.quiet)
            #expect(tool.takeover == nil)
            #expect(try await tool.conversations.conversation(Support.key)?.lease?.expiresAt == now.addingTimeInterval(300))
            try await tool.close()
        }
    }
}
