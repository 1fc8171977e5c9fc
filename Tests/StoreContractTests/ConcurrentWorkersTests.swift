import Foundation
import InMemoryBackend
import RepliesCore
import Synchronization
import Testing

/// Several trigger workers racing on the real stores: duplicated triggers on one conversation,
/// bursts on many conversations at once, and messages arriving while their conversation is
/// being answered. Over the whole run every message is in exactly one answered user turn, every
/// batch sent at most once (each send is one recorded assistant turn), and nothing is left
/// pending, leased or queued. Fixed seeds; the clock is virtual, so the run is short.
@Suite struct ConcurrentWorkersTests {
    @Test(arguments: Backend.allCases)
    func duplicateTriggersRaceOnOneConversation(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let harness = RaceHarness(fixture: fixture, conversations: 1, workers: 6)
            try await harness.seed()
            for _ in 0..<5 {
                let (sid, token) = harness.newMessage(0)
                await harness.deliver(0, sid: sid, token: token)
            }
            for _ in 0..<7 { try await harness.duplicateTrigger(0) }
            #expect(try await harness.drain())
            #expect(try await harness.violations() == [])
            #expect(harness.deliveredCount == 5)
            #expect(harness.sender.sent.count == 1, "five messages in one window are one batch, sent once")
        }
    }

    @Test(arguments: Backend.allCases)
    func burstsOnManyConversationsAtOnce(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let harness = RaceHarness(fixture: fixture, conversations: 8, workers: 4)
            try await harness.seed()
            var random = SplitMix64(seed: 0xB0B5)
            var plan: [(Int, String, String)] = []
            for index in 0..<harness.conversations {
                for _ in 0..<(2 + Int(random.next() % 5)) {
                    let (sid, token) = harness.newMessage(index)
                    plan.append((index, sid, token))
                    // A webhook retry of the same message, racing its original.
                    if random.next() % 3 == 0 { plan.append((index, sid, token)) }
                }
            }
            plan.shuffle(using: &random)
            await withTaskGroup(of: Void.self) { group in
                for (index, sid, token) in plan {
                    group.addTask { await harness.deliver(index, sid: sid, token: token) }
                }
            }
            for index in 0..<harness.conversations where random.next() % 2 == 0 {
                try await harness.duplicateTrigger(index)
            }
            #expect(try await harness.drain())
            #expect(try await harness.violations() == [])
            #expect(harness.deliveredCount == Set(plan.map(\.1)).count)
            #expect(harness.sender.sent.count >= harness.conversations)
        }
    }

    @Test(arguments: Backend.allCases)
    func messagesArriveWhileTheirConversationIsAnswered(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let harness = RaceHarness(fixture: fixture, conversations: 3, workers: 4)
            try await harness.seed()
            let arrivals = Tally()
            // During the model call (after the fragments were read): a new message and its retry.
            harness.model.onCall { prompt, _ in
                guard let index = Self.conversationIndex(in: prompt.userTurn) else { return }
                let allowed = arrivals.count.withLock { count in
                    count += 1
                    return count <= 9
                }
                guard allowed else { return }
                let (sid, token) = harness.newMessage(index)
                async let first: Void = harness.deliver(index, sid: sid, token: token)
                async let retry: Void = harness.deliver(index, sid: sid, token: token)
                _ = await (first, retry)
                try? await harness.duplicateTrigger(index)
            }
            for index in 0..<harness.conversations {
                for _ in 0..<2 {
                    let (sid, token) = harness.newMessage(index)
                    await harness.deliver(index, sid: sid, token: token)
                }
                try await harness.duplicateTrigger(index)
            }
            #expect(try await harness.drain())
            #expect(try await harness.violations() == [])
            #expect(arrivals.count.withLock { $0 } > 9, "messages did arrive mid-answer")
            #expect(harness.deliveredCount == 6 + 9)
        }
    }

    /// `r<i>m<n>x` → i.
    static func conversationIndex(in text: String) -> Int? {
        guard let range = text.range(of: #"r\d+m"#, options: .regularExpression) else { return nil }
        return Int(text[range].dropFirst().dropLast())
    }
}

/// A shareable counter (a `Mutex` alone cannot be captured by an escaping closure).
final class Tally: Sendable {
    let count = Mutex(0)
}

