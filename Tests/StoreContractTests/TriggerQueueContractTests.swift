import Foundation
import RepliesCore
import Testing

/// The trigger queue both shapes consume (`TriggerQueue` to enqueue, `TriggerSource` to
/// receive and settle): delays, visibility, completion, retries with counted redeliveries,
/// heartbeat extensions and dead letters behave the same in memory, on SQLite and on SQS.
@Suite struct TriggerQueueContractTests {
    static let trigger = Trigger(conversationId: "ci-1#pi-1#r-1#447700900456", primaryChannel: "+447700900123")

    /// SQS counts in whole seconds. Short enough to keep the SQS cases quick, long enough that
    /// the next call of a busy test process still lands inside it.
    let short = Duration.seconds(3)

    @Test(arguments: QueueBackend.allCases)
    func anEnqueuedTriggerIsReceivedOnceHiddenAndCompleted(backend: QueueBackend) async throws {
        try await backend.withFixture { fixture in
            try await fixture.queue.enqueue(Self.trigger, channel: .whatsapp, delay: .zero)
            // Before the receive: the queue's hiding starts no earlier (SQS hides in real time).
            let received = ContinuousClock.now
            let delivery = try #require(try await fixture.receiveDue(.zero, short).first)
            #expect(delivery.receiveCount == 1)
            #expect(delivery.channel == .whatsapp)
            #expect(Trigger(body: delivery.body) == Self.trigger)
            // SQS hides in real time: on a busy machine the look may come after `short` has passed.
            let again = try await fixture.source.receive(max: 10, wait: .zero, visibility: .seconds(30))
            #expect(again.isEmpty || ContinuousClock.now - received >= short, "hidden while received")
            if let redelivered = again.first { try await fixture.source.complete(redelivered) }

            try await fixture.source.complete(delivery)
            try await fixture.pass(short + .seconds(1))
            #expect(try await fixture.source.receive(max: 10, wait: .zero, visibility: .seconds(30)).isEmpty, "completed: gone for good")
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func aDelayedTriggerStaysHiddenUntilItIsDue(backend: QueueBackend) async throws {
        try await backend.withFixture { fixture in
            let enqueued = ContinuousClock.now
            try await fixture.queue.enqueue(Self.trigger, channel: .whatsapp, delay: short)
            let early = try await fixture.source.receive(max: 10, wait: .zero, visibility: .seconds(30))
            #expect(early.isEmpty || ContinuousClock.now - enqueued >= short, "not before its delay")
            let due = early.isEmpty ? try await fixture.receiveDue(short, .seconds(30)) : early
            #expect(due.count == 1 && due.first?.receiveCount == 1)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func retryMakesItVisibleAfterTheDelayAndCountsTheRedelivery(backend: QueueBackend) async throws {
        try await backend.withFixture { fixture in
            try await fixture.queue.enqueue(Self.trigger, channel: .whatsapp, delay: .zero)
            let first = try #require(try await fixture.receiveDue(.zero, .seconds(30)).first)
            try await fixture.source.retry(first, after: .zero)
            let second = try #require(try await fixture.receiveDue(.zero, .seconds(30)).first)
            #expect(second.receiveCount == 2)

            let retried = ContinuousClock.now
            try await fixture.source.retry(second, after: self.short)
            let early = try await fixture.source.receive(max: 10, wait: .zero, visibility: .seconds(30))
            #expect(early.isEmpty || ContinuousClock.now - retried >= self.short, "not before the delay")
            let third = try #require(early.isEmpty ? try await fixture.receiveDue(self.short, .seconds(30)).first : early.first)
            #expect(third.receiveCount == 3)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func aReceivedTriggerComesBackWhenItsVisibilityRunsOut(backend: QueueBackend) async throws {
        try await backend.withFixture { fixture in
            try await fixture.queue.enqueue(Self.trigger, channel: .whatsapp, delay: .zero)
            _ = try #require(try await fixture.receiveDue(.zero, short).first)
            // No settle (a crashed worker): it is delivered again, counted.
            let again = try #require(try await fixture.receiveDue(short, .seconds(30)).first)
            #expect(again.receiveCount == 2)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func extendKeepsItHiddenPastItsFirstVisibility(backend: QueueBackend) async throws {
        try await backend.withFixture { fixture in
            try await fixture.queue.enqueue(Self.trigger, channel: .whatsapp, delay: .zero)
            let delivery = try #require(try await fixture.receiveDue(.zero, short).first)
            try await fixture.source.extend(delivery, by: .seconds(30))
            try await fixture.pass(short + .seconds(1))
            #expect(try await fixture.source.receive(max: 10, wait: .zero, visibility: .seconds(30)).isEmpty)
            // Still the same delivery: it can be settled.
            try await fixture.source.retry(delivery, after: .zero)
            #expect(try await fixture.receiveDue(.zero, .seconds(30)).first?.receiveCount == 2)
        }
    }

    @Test(arguments: QueueBackend.allCases)
    func deadLetterMovesItAsideAndOutOfTheQueue(backend: QueueBackend) async throws {
        try await backend.withFixture { fixture in
            try await fixture.queue.enqueue(Self.trigger, channel: .whatsapp, delay: .zero)
            let delivery = try #require(try await fixture.receiveDue(.zero, short).first)
            try await fixture.source.deadLetter(delivery, reason: "the conversation is misconfigured")
            #expect(try await fixture.deadLetters() == [Self.trigger.encodedBody()])
            try await fixture.pass(short + .seconds(1))
            #expect(try await fixture.source.receive(max: 10, wait: .zero, visibility: .seconds(30)).isEmpty, "not delivered again")
        }
    }
}
