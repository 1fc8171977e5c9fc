import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Ingest: accepting and scheduling")
struct IngestTests {
    @Test func acceptedMessageIsStagedLockedAndTriggeredAfterTheWindow() async throws {
        let engine = try await TestEngine()
        let now = engine.clock.now()
        #expect(await engine.receive(1, "Hi, yes 1 June works") == .accepted)

        let staged = try await engine.stage.pendingFragments(conversationId: Fixture.conversationId)
        #expect(staged.count == 1)
        let fragment = try #require(staged.first)
        #expect(fragment.messageSid == Fixture.sid(1))
        #expect(fragment.body == "Hi, yes 1 June works")
        #expect(fragment.primaryChannel == Fixture.user)
        #expect(fragment.channel == .whatsapp)
        #expect(fragment.receivedAt == now)

        #expect(await engine.locks.isHeld(Fixture.conversationId, at: now))
        let queued = await engine.queue.pending
        #expect(queued.count == 1)
        #expect(queued.first?.trigger == Fixture.trigger)
        #expect(queued.first?.channel == .whatsapp)
        #expect(queued.first?.visibleAt == now.adding(engine.settings.batchWindow))
        #expect(try await engine.queue.receive(max: 10, wait: .zero, visibility: .seconds(60)).isEmpty, "due only after the window")
        engine.clock.advance(by: .seconds(10))
        #expect(try await engine.queue.receive(max: 10, wait: .zero, visibility: .seconds(60)).count == 1)
    }

    @Test func receiveTimeHasMillisecondPrecision() async throws {
        let engine = try await TestEngine(start: Date(timeIntervalSince1970: 1_767_225_600.123_456_7))
        #expect(await engine.receive(1, "a") == .accepted)
        let fragment = try #require(try await engine.stage.pendingFragments(conversationId: Fixture.conversationId).first)
        #expect(fragment.receivedAt == Timestamp.date(epochMilliseconds: 1_767_225_600_123))
    }

    @Test func secondMessageInTheWindowIsStagedWithoutASecondTrigger() async throws {
        let engine = try await TestEngine()
        #expect(await engine.receive(1, "Hi") == .accepted)
        engine.clock.advance(by: .seconds(3))
        #expect(await engine.receive(2, "Can I collect keys at 9am?") == .accepted)
        #expect(try await engine.pendingSids() == [Fixture.sid(1), Fixture.sid(2)])
        #expect(await engine.queue.enqueuedCount == 1)
    }

    @Test func pendingDuplicateIsAcceptedAndReschedulesOnlyWhenTheLockIsFree() async throws {
        let engine = try await TestEngine()
        #expect(await engine.receive(1, "Hi") == .accepted)
        #expect(await engine.receive(1, "Hi") == .accepted)
        #expect(await engine.queue.enqueuedCount == 1, "lock held: the scheduled trigger covers it")
        #expect(try await engine.pendingSids() == [Fixture.sid(1)])

        // The first attempt's trigger was lost (lock expired, nothing consumed it): a retry schedules.
        engine.clock.advance(by: engine.settings.batchWindow + engine.settings.triggerLockGrace + .seconds(1))
        #expect(await engine.receive(1, "Hi") == .accepted)
        #expect(await engine.queue.enqueuedCount == 2)
        #expect(try await engine.pendingSids() == [Fixture.sid(1)])
    }

    @Test func duplicateOfAnAnsweredMessageSchedulesNothing() async throws {
        let engine = try await TestEngine()
        #expect(await engine.receive(1, "Hi") == .accepted)
        try await engine.runUntilIdle()
        #expect(await engine.model.callCount == 1)
        let queuedBefore = await engine.queue.enqueuedCount

        for _ in 0..<2 {
            engine.clock.advance(by: .seconds(3_600))
            #expect(await engine.receive(1, "Hi") == .duplicate)
        }
        #expect(await engine.queue.enqueuedCount == queuedBefore)
        #expect(!(await engine.locks.isHeld(Fixture.conversationId, at: engine.clock.now())))
        try await engine.runUntilIdle()
        #expect(await engine.model.callCount == 1)
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test func unknownNumberPairIsNotStored() async throws {
        let engine = try await TestEngine()
        let outcome = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi", from: Fixture.otherUser))
        #expect(outcome == .unknownConversation)
        // A company number no record names a secret for cannot be authenticated at all.
        let otherCompany = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(2), body: "Hi", to: "+15005550009"))
        #expect(otherCompany.label == "forbidden")
        let wrongChannel = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(3), body: "Hi", channel: .sms))
        #expect(wrongChannel.label == "forbidden")
        #expect(await engine.queue.enqueuedCount == 0)
    }

    @Test func latestUsableRecordIsChosenAmongSeveralForOnePair() async throws {
        let older = Fixture.record(conversationId: "ci-bbb-002#pi-bbb-002#older#447700900456", createdAt: "2025-04-01T09:30:12.345678+00:00Z")
        let newest = Fixture.record(conversationId: "ci-bbb-002#pi-bbb-002#newest#447700900456", createdAt: "2025-05-02T08:00:00.000001+00:00Z")
        let failed = Fixture.record(
            conversationId: "ci-bbb-002#pi-bbb-002#failed#447700900456", createdAt: "2025-06-01T00:00:00+00:00Z", status: "failed_unknown")
        let engine = try await TestEngine(records: [older, failed, newest])
        #expect(await engine.receive(1, "Hi") == .accepted)
        #expect(try await engine.pendingSids("ci-bbb-002#pi-bbb-002#newest#447700900456") == [Fixture.sid(1)])
        #expect(await engine.queue.pending.first?.trigger.conversationId == "ci-bbb-002#pi-bbb-002#newest#447700900456")
    }

    @Test func tiedRecordsAreChosenDeterministically() async throws {
        let a = Fixture.record(conversationId: "ci-bbb-002#pi-bbb-002#aaa#447700900456")
        let b = Fixture.record(conversationId: "ci-bbb-002#pi-bbb-002#bbb#447700900456")
        for records in [[a, b], [b, a]] {
            let engine = try await TestEngine(records: records)
            #expect(await engine.receive(1, "Hi") == .accepted)
            #expect(try await engine.pendingSids("ci-bbb-002#pi-bbb-002#bbb#447700900456") == [Fixture.sid(1)])
        }
    }

    @Test func messageDuringAReplyIsStagedNeverRejected() async throws {
        let engine = try await TestEngine(records: [Fixture.record(status: ConversationStatus.processingReply)])
        #expect(await engine.receive(1, "still there?") == .accepted)
        #expect(try await engine.pendingSids() == [Fixture.sid(1)])
    }

    @Test(arguments: [ConversationStatus.optedOut, ConversationStatus.handedOff, ConversationStatus.replyFailed, "processing"])
    func conversationsInAnyOtherStateStillStage(status: String) async throws {
        // The batch decides under the lease what a message gets; ingest only keeps it.
        let engine = try await TestEngine(records: [Fixture.record(status: status, ["hand_off_to_human": .bool(true)])])
        #expect(await engine.receive(1, "hello?") == .accepted)
        #expect(try await engine.pendingSids() == [Fixture.sid(1)])
    }

    @Test func malformedWebhooksAreBadRequests() async throws {
        let engine = try await TestEngine()
        #expect(await engine.ingest.handle(TestEngine.webhook(sid: "", body: "Hi")).label == "bad_request")
        #expect(await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi", from: "")).label == "bad_request")
        #expect(await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(1), body: "Hi", to: "")).label == "bad_request")
        #expect(await engine.queue.enqueuedCount == 0)
    }
}
