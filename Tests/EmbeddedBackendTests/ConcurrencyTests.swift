import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// Conditional operations stay atomic under many concurrent callers.
@Suite struct ConcurrencyTests {
    static let callers = 40

    @Test func concurrentLeaseAcquisitionHasExactlyOneWinner() async throws {
        try await Support.withBackend { backend, clock in
            try await backend.conversations.put(Support.record())
            let now = clock.now()
            let store = backend.conversations
            let outcomes = try await withThrowingTaskGroup(of: (String, LeaseAcquisition).self) { group in
                for index in 0..<Self.callers {
                    group.addTask {
                        let owner = "worker-\(index)"
                        return (owner, try await store.acquireLease(Support.key, owner: owner, now: now, until: now.addingTimeInterval(300)))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = outcomes.filter { if case .acquired = $0.1 { true } else { false } }.map(\.0)
            let busy = outcomes.filter { if case .busy = $0.1 { true } else { false } }
            #expect(winners.count == 1)
            #expect(busy.count == Self.callers - 1)
            #expect(try await store.conversation(Support.key)?.lease?.owner == winners.first)
        }
    }

    @Test func concurrentStagingOfOneSidStagesItOnce() async throws {
        try await Support.withBackend { backend, clock in
            let stage = backend.stage
            let fragment = Support.fragment("SM" + String(repeating: "0", count: 32), at: clock.now())
            let results = try await withThrowingTaskGroup(of: StageResult.self) { group in
                for _ in 0..<Self.callers {
                    group.addTask { try await stage.stage(fragment) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 == .staged }.count == 1)
            #expect(results.filter { $0 == .alreadyPending }.count == Self.callers - 1)
            #expect(try await stage.pendingFragments(conversationId: Support.conversationId) == [fragment])
        }
    }

    @Test func concurrentLockAcquisitionHasExactlyOneWinner() async throws {
        try await Support.withBackend { backend, clock in
            let locks = backend.locks
            let now = clock.now()
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<Self.callers {
                    group.addTask { try await locks.acquire(conversationId: Support.conversationId, now: now, expiresAt: now.addingTimeInterval(130)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
        }
    }

    @Test func concurrentReceiversNeverShareADelivery() async throws {
        try await Support.withBackend { backend, _ in
            let queue = backend.queue
            for index in 0..<10 {
                try await queue.enqueue(Trigger(conversationId: "c-\(index)", primaryChannel: Support.userNumber), channel: .whatsapp, delay: .zero)
            }
            let received = try await withThrowingTaskGroup(of: [TriggerDelivery].self) { group in
                for _ in 0..<8 {
                    group.addTask { try await queue.receive(max: 3, wait: .zero, visibility: .seconds(60)) }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(received.count == 10)
            #expect(Set(received.map(\.id)).count == 10)
        }
    }
}
