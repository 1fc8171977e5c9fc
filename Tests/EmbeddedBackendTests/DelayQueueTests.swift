@testable import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// The durable delay queue: delays, visibility, receipts, dead letters, waiting and waking.
@Suite struct DelayQueueTests {
    @Test func aDelayedTriggerBecomesVisibleOnlyWhenDue() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            try await queue.enqueue(Support.trigger, channel: .whatsapp, delay: .seconds(10))
            #expect(try await queue.receive(max: 10, wait: .zero, visibility: .seconds(60)).isEmpty)
            clock.advance(by: .milliseconds(9_999))
            #expect(try await queue.receive(max: 10, wait: .zero, visibility: .seconds(60)).isEmpty)
            clock.advance(by: .milliseconds(1))

            let deliveries = try await queue.receive(max: 10, wait: .zero, visibility: .seconds(60))
            let delivery = try #require(deliveries.first)
            #expect(deliveries.count == 1)
            #expect(delivery.body == Support.trigger.encodedBody())
            #expect(Trigger(body: delivery.body) == Support.trigger)
            #expect(delivery.channel == .whatsapp)
            #expect(delivery.receiveCount == 1)
            #expect(clock.requestedSleeps.isEmpty, "a zero wait never sleeps")
        }
    }

    @Test func aReceivedTriggerStaysHiddenForItsVisibilityThenComesBackCounted() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            try await queue.enqueue(Support.trigger, channel: .sms, delay: .zero)
            let first = try #require(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(30)).first)
            clock.advance(by: .milliseconds(29_999))
            #expect(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(30)).isEmpty)
            clock.advance(by: .milliseconds(1))

            let second = try #require(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(30)).first)
            #expect(second.id == first.id)
            #expect(second.receipt != first.receipt)
            #expect(second.receiveCount == 2)
            #expect(second.channel == .sms)

            // The first receipt is stale now: settling with it must not touch the redelivery.
            await #expect(throws: EmbeddedStoreError.staleReceipt(first.receipt)) { try await queue.complete(first) }
            #expect(try await queue.count() == 1)
            try await queue.complete(second)
            #expect(try await queue.count() == 0)
            clock.advance(by: .seconds(3600))
            #expect(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(30)).isEmpty)
        }
    }

    @Test func retryMakesTheTriggerVisibleAgainAfterTheDelay() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            try await queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)
            let first = try #require(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(120)).first)
            try await queue.retry(first, after: .seconds(5))

            clock.advance(by: .milliseconds(4_999))
            #expect(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(120)).isEmpty)
            clock.advance(by: .milliseconds(1))
            let again = try #require(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(120)).first)
            #expect(again.receiveCount == 2)
            // A retried delivery is settled: its receipt no longer extends anything.
            await #expect(throws: EmbeddedStoreError.self) { try await queue.extend(first, by: .seconds(60)) }
        }
    }

    @Test func extendKeepsTheTriggerHidden() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            try await queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)
            let delivery = try #require(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(10)).first)
            clock.advance(by: .seconds(8))
            try await queue.extend(delivery, by: .seconds(10))
            clock.advance(by: .seconds(8))
            #expect(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(10)).isEmpty)
            clock.advance(by: .seconds(2))
            #expect(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(10)).first?.receiveCount == 2)
        }
    }

    @Test func deadLetterMovesTheTriggerAsideWithTheReason() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            try await queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)
            let delivery = try #require(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(10)).first)
            try await queue.deadLetter(delivery, reason: "not a trigger")

            #expect(try await queue.count() == 0)
            clock.advance(by: .seconds(60))
            #expect(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(10)).isEmpty)
            let letters = try await queue.deadLetters()
            #expect(letters.count == 1)
            #expect(letters.first?.id == delivery.id)
            #expect(letters.first?.reason == "not a trigger")
            #expect(letters.first?.body == delivery.body)
            #expect(letters.first?.receiveCount == 1)
            #expect(letters.first?.channel == "whatsapp")
            await #expect(throws: EmbeddedStoreError.self) { try await queue.deadLetter(delivery, reason: "again") }
        }
    }

    @Test func receiveHonoursMaxAndEnqueueOrder() async throws {
        try await Support.withBackend { backend, _ in
            let queue = backend.queue
            let triggers = (1...3).map { Trigger(conversationId: "conversation-\($0)", primaryChannel: Support.userNumber) }
            for (index, trigger) in triggers.enumerated() {
                try await queue.enqueue(trigger, channel: index == 1 ? .sms : .whatsapp, delay: .zero)
            }
            let firstTwo = try await queue.receive(max: 2, wait: .zero, visibility: .seconds(60))
            #expect(firstTwo.map { Trigger(body: $0.body) } == [triggers[0], triggers[1]])
            #expect(firstTwo.map(\.channel) == [.whatsapp, .sms])
            let rest = try await queue.receive(max: 2, wait: .zero, visibility: .seconds(60))
            #expect(rest.map { Trigger(body: $0.body) } == [triggers[2]])
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anEnqueueWakesAWaitingReceiver() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            let receiver = Task { try await queue.receive(max: 1, wait: .seconds(20), visibility: .seconds(60)) }
            await clock.waitForSleeper()
            // The clock does not move: only the wake-up can end the receiver's sleep.
            try await queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)
            let deliveries = try await Support.value(of: receiver)
            #expect(deliveries.map(\.body) == [Support.trigger.encodedBody()])
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aWaitingReceiverSleepsUntilTheNextDueTimeNotLonger() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            try await queue.enqueue(Support.trigger, channel: .whatsapp, delay: .milliseconds(300))
            let receiver = Task { try await queue.receive(max: 1, wait: .seconds(20), visibility: .seconds(60)) }
            await clock.waitForSleeper()
            #expect(clock.requestedSleeps == [.milliseconds(300)])
            clock.advance(by: .milliseconds(300))
            let deliveries = try await Support.value(of: receiver)
            #expect(deliveries.count == 1)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anEmptyQueueIsCheckedAboutOnceASecondUntilTheWaitEnds() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            let receiver = Task { try await queue.receive(max: 1, wait: .milliseconds(2_500), visibility: .seconds(60)) }
            for step in [Duration.seconds(1), .seconds(1), .milliseconds(500)] {
                await clock.waitForSleeper()
                #expect(clock.requestedSleeps.last == step)
                clock.advance(by: step)
            }
            let deliveries = try await Support.value(of: receiver)
            #expect(deliveries.isEmpty)
            #expect(clock.requestedSleeps == [.seconds(1), .seconds(1), .milliseconds(500)])
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingAWaitingReceiverEndsItPromptly() async throws {
        try await Support.withBackend { backend, clock in
            let queue = backend.queue
            let receiver = Task { try await queue.receive(max: 1, wait: .seconds(20), visibility: .seconds(60)) }
            await clock.waitForSleeper()
            receiver.cancel()
            await #expect(throws: CancellationError.self) { try await Support.value(of: receiver) }
            // Nothing was lost: a trigger enqueued now is there for the next receiver.
            try await queue.enqueue(Support.trigger, channel: .whatsapp, delay: .zero)
            #expect(try await queue.receive(max: 1, wait: .zero, visibility: .seconds(60)).count == 1)
        }
    }
}
