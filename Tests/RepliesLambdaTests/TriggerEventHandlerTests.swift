import Foundation
import InMemoryBackend
import LambdaRuntime
import RepliesCore
import RepliesLambda
import Synchronization
import Testing

@Suite struct TriggerEventHandlerTests {
    let engine = Engine()

    func handler(source: (any TriggerSource)? = nil) -> TriggerEventHandler {
        TriggerEventHandler(source: source ?? engine.queue, processor: engine.processor, clock: engine.clock, timer: engine.clock.sleeping)
    }

    func records(_ deliveries: [TriggerDelivery]) -> [Events.Record] {
        deliveries.map { Events.Record(messageId: $0.id, receipt: $0.receipt, body: $0.body, receiveCount: $0.receiveCount) }
    }

    func run(_ handler: TriggerEventHandler, _ records: [Events.Record], deadlineIn: Double = 120) async throws -> [String] {
        let output = try await handler.handle(Events.sqs(records), context: engine.context(deadlineIn: deadlineIn))
        let response = try JSONDecoder().decode(SQSBatchResponse.self, from: output)
        return response.failedMessageIds
    }

    @Test func partialBatchReportsOnlyTheRecordThatMustBeRetried() async throws {
        try await engine.addConversation("conv-answer")
        try await engine.stageFragment("conv-answer", sid: "SM00000000000000000000000000000011", body: "Is 1 June fine?")
        let lease: Record = [
            ConversationAttribute.leaseOwner: .string("another-worker"),
            ConversationAttribute.leaseExpiresAt: .number(String(Timestamp.epochMilliseconds(engine.clock.now().addingTimeInterval(60)))),
        ]
        try await engine.addConversation("conv-busy", extra: lease)
        let deliveries = try await engine.deliver([
            Engine.trigger("conv-answer"), Engine.trigger("conv-missing"), Engine.trigger("conv-busy"), "{not a trigger",
        ])
        let failed = try await run(handler(), records(deliveries))

        #expect(failed == [deliveries[2].id])
        #expect(engine.sender.messages.map(\.body) == ["Thanks, noted."])
        let deadLetters = await engine.queue.deadLetters.map(\.body)
        #expect(Set(deadLetters) == [Engine.trigger("conv-missing"), "{not a trigger"])
        // The busy one stays queued and becomes visible when the other worker's lease ends.
        let pending = await engine.queue.pending
        let busy = try #require(pending.first { $0.id == deliveries[2].id })
        #expect(busy.visibleAt <= engine.clock.now().addingTimeInterval(61))
        #expect(busy.visibleAt > engine.clock.now())
    }

    @Test func aRecordWhoseSettlingThrowsFailsAloneAndIsReported() async throws {
        try await engine.addConversation("conv-empty")
        let deliveries = try await engine.deliver([Engine.trigger("conv-missing"), Engine.trigger("conv-empty")])
        let source = FaultyTriggerSource(base: engine.queue, failingReceipts: [deliveries[0].receipt])
        let failed = try await run(handler(source: source), records(deliveries))
        #expect(failed == [deliveries[0].id])
        #expect(await engine.queue.deadLetters.isEmpty)
    }

    @Test func aRecordWithoutReceiptHandleIsReportedFailedNotDropped() async throws {
        try await engine.addConversation("conv-empty")
        var batch = records(try await engine.deliver([Engine.trigger("conv-empty"), Engine.trigger("conv-empty")]))
        batch[1].receipt = nil
        #expect(try await run(handler(), batch) == [batch[1].messageId])
    }

    @Test func aRecordWithoutMessageIdFailsTheWholeInvocation() async throws {
        let event = Data(#"{"Records":[{"receiptHandle":"r","body":"{}"}]}"#.utf8)
        await #expect(throws: TriggerEventError.recordWithoutMessageId(index: 0)) {
            _ = try await handler().handle(event, context: engine.context())
        }
    }

    @Test(arguments: ["{}", "[]", "nonsense", #"{"Records":"x"}"#])
    func anEventThatIsNotFromSQSThrows(event: String) async throws {
        await #expect(throws: TriggerEventError.self) {
            _ = try await handler().handle(Data(event.utf8), context: engine.context())
        }
    }

    @Test func emptyBatchSucceeds() async throws {
        #expect(try await run(handler(), []).isEmpty)
    }

    @Test func channelAndAttemptComeFromTheRecord() async throws {
        let seen = Mutex<[String: (Channel, Int)]>([:])
        var resolver = QueueChannelResolver()
        resolver.byARN["arn:aws:sqs:eu-north-1:000000000000:custom-queue"] = .sms
        let handler = TriggerEventHandler(source: engine.queue, channels: resolver, clock: engine.clock) { trigger, channel, attempt in
            seen.withLock { $0[trigger.conversationId] = (channel, attempt) }
            return .done("test")
        }
        let failed = try await run(handler, [
            Events.Record(messageId: "m1", receipt: "r1", body: Engine.trigger("c1"), receiveCount: 3, queueARN: Events.smsQueueARN),
            Events.Record(messageId: "m2", receipt: "r2", body: Engine.trigger("c2"), queueARN: Events.whatsappQueueARN),
            Events.Record(messageId: "m3", receipt: "r3", body: Engine.trigger("c3"), queueARN: "arn:aws:sqs:eu-north-1:000000000000:custom-queue"),
            Events.Record(messageId: "m4", receipt: "r4", body: Engine.trigger("c4"), queueARN: "arn:aws:sqs:eu-north-1:000000000000:triggers"),
        ])
        #expect(failed.isEmpty)
        let result = seen.withLock { $0 }
        #expect(result["c1"]?.0 == .sms && result["c1"]?.1 == 3)
        #expect(result["c2"]?.0 == .whatsapp && result["c2"]?.1 == 1)
        #expect(result["c3"]?.0 == .sms)
        #expect(result["c4"]?.0 == .whatsapp)  // the default
    }

    @Test func nearTheDeadlineRecordsAreNotStartedButReportedForRedelivery() async throws {
        let calls = Mutex(0)
        let handler = TriggerEventHandler(source: engine.queue, clock: engine.clock) { _, _, _ in
            calls.withLock { $0 += 1 }
            return .done("test")
        }
        let batch = [Events.Record(messageId: "m1", receipt: "r1", body: Engine.trigger("c1"))]
        #expect(try await run(handler, batch, deadlineIn: 5) == ["m1"])
        #expect(calls.withLock { $0 } == 0)
    }

    @Test func aBatchStillRunningAtTheDeadlineIsAbandonedWhileOthersSucceed() async throws {
        let clock = engine.clock
        let handler = TriggerEventHandler(source: engine.queue, clock: clock, timer: clock.sleeping) { trigger, _, _ in
            if trigger.conversationId == "slow" {
                try? await clock.sleeping.sleep(for: .seconds(3600))
                return .done("too late")
            }
            return .done("quick")
        }
        let deliveries = try await engine.deliver([Engine.trigger("slow"), Engine.trigger("quick")])
        let context = engine.context(deadlineIn: 60)
        let running = Task { try await handler.handle(Events.sqs(records(deliveries)), context: context) }

        // Budget = 60 s to the deadline - 10 s margin: both records armed their alarm, the slow one is working.
        await waitUntil { clock.requestedSleeps.filter { $0 == .seconds(50) }.count == 2 && clock.hasSleeper(.seconds(3600)) }
        clock.advance(by: .seconds(50))
        let response = try JSONDecoder().decode(SQSBatchResponse.self, from: try await running.value)

        #expect(response.failedMessageIds == [deliveries[0].id])
        // Made visible again soon rather than after the full visibility timeout.
        let slow = try #require(await engine.queue.pending.first { $0.id == deliveries[0].id })
        #expect(slow.visibleAt == clock.now().addingTimeInterval(30))
        // The abandoned work was cancelled, not left sleeping.
        await waitUntil { !clock.hasSleeper(.seconds(3600)) }
    }

    @Test func heartbeatKeepsTheRecordHiddenWhileTheBatchRuns() async throws {
        let clock = engine.clock
        let release = AsyncStream<Void>.makeStream()
        var settings = TriggerEventSettings()
        settings.visibilityTimeout = .seconds(30)
        let handler = TriggerEventHandler(source: engine.queue, settings: settings, clock: clock, timer: clock.sleeping) { _, _, _ in
            for await _ in release.stream { break }
            return .done("answered")
        }
        let deliveries = try await engine.deliver([Engine.trigger("c1")])
        let running = Task { try await handler.handle(Events.sqs(records(deliveries)), context: engine.context(deadlineIn: 600)) }

        await clock.waitForSleeper(.seconds(10))
        clock.advance(by: .seconds(10))
        await clock.waitForSleeper(.seconds(10))  // the next beat is scheduled once the extension is done
        let hidden = try #require(await engine.queue.pending.first)
        #expect(hidden.visibleAt == clock.now().addingTimeInterval(30))

        release.continuation.yield()
        let response = try JSONDecoder().decode(SQSBatchResponse.self, from: try await running.value)
        #expect(response.failedMessageIds.isEmpty)
        await waitUntil { clock.sleeperCount == 0 }  // heartbeat and budget alarm stopped
    }

    @Test func queueNamesAreMatchedByWholeWords() {
        let resolver = QueueChannelResolver()
        #expect(resolver.channel(forQueueARN: Events.smsQueueARN) == .sms)
        #expect(resolver.channel(forQueueARN: Events.whatsappQueueARN) == .whatsapp)
        #expect(resolver.channel(forQueueARN: "arn:aws:sqs:eu-north-1:000000000000:ai-multi-comms-replies-handoff") == nil)
        #expect(resolver.channel(forQueueARN: nil) == nil)
    }
}

/// Yields until `condition` holds, for state that settles on other tasks; gives up (and fails)
/// after 10 s of real time, which only a broken handler needs.
func waitUntil(_ condition: @Sendable () -> Bool) async {
    let start = ContinuousClock.now
    while !condition(), ContinuousClock.now - start < .seconds(10) {
        await Task.yield()
    }
    #expect(condition())
}
