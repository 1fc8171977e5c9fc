import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// The e-mail channel through the core: ingest of a signed post, one threaded reply, retries,
/// automatic mail, and the rule that a reply whose send may have happened is never repeated.
@Suite("E-mail: ingest and reply")
struct EmailFlowTests {
    static func engine(_ record: Record = EmailFixture.record()) async throws -> TestEngine {
        try await TestEngine(records: [record])
    }

    static func receive(_ engine: TestEngine, _ post: TestEmailPost) async -> IngestOutcome {
        await engine.ingest.handle(email: post)
    }

    @Test func aSignedReplyIsAnsweredOnceInThreadAndRecorded() async throws {
        let engine = try await Self.engine()
        let t0 = engine.clock.now()
        #expect(await Self.receive(engine, TestEmailPost(1, "Can I collect the keys at 9am?")) == .accepted)
        // E-mail's own, short batch window.
        #expect(await engine.queue.pending.map(\.visibleAt) == [t0.adding(engine.settings.emailBatchWindow)])
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Yes, 9am works. See you then.")))
        #expect(try await engine.runUntilIdle() == [.done("answered")])

        #expect(await engine.model.prompts.map(\.userTurn) == ["[Subject: Re: Your move-in on 1 June]\nCan I collect the keys at 9am?"])
        let sent = await engine.emailSender.sent
        #expect(sent == [EmailReply(
            from: EmailFixture.company, fromName: "Larkspur Lettings", to: EmailFixture.person, replyTo: nil,
            subject: "Re: Your move-in on 1 June", text: "Yes, 9am works. See you then.",
            inReplyTo: EmailFixture.messageID(1), references: ["<template-1@larkspur.example>"],
            batchId: BatchId.of([EmailFixture.messageID(1)]), apiKey: EmailFixture.sendGridKey)])
        #expect(await engine.sender.delivered.isEmpty, "nothing goes through Twilio")

        let entries = try await engine.newEntries(EmailFixture.key)
        try #require(entries.count == 2)
        #expect(entries[0]["message_id"] == .string(EmailFixture.messageID(1)))
        #expect(entries[0]["role"] == .string("user"))
        #expect(entries[1]["message_id"] == .string("sg-1"))
        #expect(entries[1]["content"] == .string("Yes, 9am works. See you then."))
        let record = try await engine.record(EmailFixture.key)
        #expect(record["conversation_status"] == .string("reply_sent"))
        #expect(record[ConversationAttribute.emailSubject] == .string("Re: Your move-in on 1 June"))

        // SendGrid retries the same post: recognised by its Message-ID, never answered again.
        #expect(await Self.receive(engine, TestEmailPost(1, "Can I collect the keys at 9am?")) == .duplicate)
        #expect(try await engine.runUntilIdle().isEmpty)
        #expect(await engine.emailSender.sent.count == 1)

        // The next message in the thread: the subject did not change, so the model is not told it again.
        #expect(await Self.receive(engine, TestEmailPost(2, "Great, thanks!")) == .accepted)
        #expect(try await engine.runUntilIdle() == [.done("answered")])
        #expect(await engine.model.prompts.last?.userTurn == "Great, thanks!")
        #expect(await engine.emailSender.sent.last?.inReplyTo == EmailFixture.messageID(2))
    }

    @Test(arguments: [
        TestEmailPost.unsigned, TestEmailPost.signedWithAnotherKey, TestEmailPost.toAnUnknownAddress,
    ])
    func anUnauthenticatedPostIsRefusedAndNothingIsStored(post: TestEmailPost) async throws {
        let engine = try await Self.engine()
        guard case .forbidden = await Self.receive(engine, post) else {
            Issue.record("expected forbidden")
            return
        }
        #expect(try await engine.pendingSids(EmailFixture.conversationId).isEmpty)
        #expect(await engine.queue.pending.isEmpty)
    }

    @Test func anUnknownSenderIsAcceptedButNotStored() async throws {
        let engine = try await Self.engine()
        #expect(await Self.receive(engine, TestEmailPost(1, "Hello?", from: "someone.else@example.net")) == .unknownConversation)
        #expect(await engine.queue.pending.isEmpty)
    }

    @Test func addressesAreComparedLowerCased() async throws {
        let engine = try await Self.engine()
        let post = TestEmailPost(1, "Hi", from: "Sam.Okafor@Example.COM", to: ["Lettings@EXAMPLE.com"])
        #expect(await Self.receive(engine, post) == .accepted)
    }

    @Test func automaticMailIsRecordedAndNeverAnswered() async throws {
        let engine = try await Self.engine()
        var post = TestEmailPost(1, "I am out of the office until Monday.", subject: "Automatic reply: Your move-in on 1 June")
        post.automatic = ["Auto-Submitted: auto-replied"]
        #expect(await Self.receive(engine, post) == .accepted)
        #expect(try await engine.runUntilIdle() == [.done("recorded")])
        #expect(await engine.model.prompts.isEmpty)
        #expect(await engine.emailSender.attempts == 0)
        #expect(await engine.handoff.notices.isEmpty)
        let entries = try await engine.newEntries(EmailFixture.key)
        #expect(entries.count == 1)
        #expect(entries.first?["content"]?.stringValue?.hasPrefix("[Automatic e-mail, recorded and not answered: Auto-Submitted: auto-replied]") == true)
        #expect(try await engine.record(EmailFixture.key)["conversation_status"] == .string("initial_message_sent"))
        #expect(await engine.outcomes(EmailFixture.conversationId) == [EmailFixture.messageID(1): .recorded])
    }

    @Test func mailFromTheCompanysOwnAddressIsAutomatic() async throws {
        let engine = try await Self.engine()
        #expect(await Self.receive(engine, TestEmailPost(1, "Loop?", from: EmailFixture.company)) == .unknownConversation)
        // Found (the company wrote to itself on a conversation of that address): recorded, not answered.
        let looped = EmailFixture.record(["primary_channel": .string(EmailFixture.company), "gsi_recipient_email": .string(EmailFixture.company)])
        try await engine.conversations.put(looped)
        #expect(await Self.receive(engine, TestEmailPost(2, "Loop?", from: EmailFixture.company)) == .accepted)
        #expect(try await engine.runUntilIdle() == [.done("recorded")])
        #expect(await engine.emailSender.attempts == 0)
    }

    @Test func aSendThatCertainlyFailedIsRetriedAndSentOnce() async throws {
        let engine = try await Self.engine()
        await engine.emailSender.plan(attempt: 1, .transient)
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Yes.")))
        #expect(await Self.receive(engine, TestEmailPost(1, "Is 9am fine?")) == .accepted)
        _ = try await engine.runUntilIdle()
        #expect(await engine.emailSender.attempts == 2)
        #expect(await engine.emailSender.sent.map(\.text) == ["Yes."])
        #expect(await engine.model.prompts.count == 1, "the persisted reply is sent again, the model is not asked again")
        #expect(try await engine.record(EmailFixture.key)["conversation_status"] == .string("reply_sent"))
    }

    @Test func aSendWhoseOutcomeIsUnknownGoesToAHumanAndIsNeverRepeated() async throws {
        let engine = try await Self.engine()
        await engine.emailSender.plan(attempt: 1, .unknownOutcome)
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Yes.")))
        #expect(await Self.receive(engine, TestEmailPost(1, "Is 9am fine?")) == .accepted)
        _ = try await engine.runUntilIdle()
        #expect(await engine.emailSender.attempts == 1)
        let record = try await engine.record(EmailFixture.key)
        #expect(record["conversation_status"] == .string("reply_failed"))
        #expect(record[ConversationAttribute.pendingReply] == nil)
        #expect(await engine.handoff.notices.map(\.reason) == [.replyFailed])
        #expect(await engine.handoff.notices.first?.detail?.contains("timed out after the request was sent") == true)
    }

    @Test func aCrashBeforeTheSendWasRecordedNeverSendsASecondEmail() async throws {
        let engine = try await Self.engine()
        // The e-mail goes out, then the process dies before the provider's id is written.
        engine.faults.crashAfterTheSend()
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Yes.")))
        #expect(await Self.receive(engine, TestEmailPost(1, "Is 9am fine?")) == .accepted)
        _ = try await engine.runUntilIdle()
        #expect(await engine.emailSender.sent.count == 1, "no second e-mail after the restart")
        let record = try await engine.record(EmailFixture.key)
        #expect(record["conversation_status"] == .string("reply_failed"))
        let notice = try #require(await engine.handoff.notices.last)
        #expect(notice.reason == .replyFailed)
        #expect(notice.detail?.contains("may have been sent") == true)
        #expect(notice.detail?.contains(BatchId.of([EmailFixture.messageID(1)])) == true, "the human can find the send by its batch id")
    }

    @Test func theAutoQueueAddressListHandsTheConversationToAHuman() async throws {
        let engine = try await Self.engine(EmailFixture.record(["auto_queue_reply_message_from_email": .list([.string("Sam.Okafor@example.com")])]))
        #expect(await Self.receive(engine, TestEmailPost(1, "Hello")) == .accepted)
        #expect(try await engine.runUntilIdle() == [.done("handed_off")])
        #expect(await engine.emailSender.attempts == 0)
        #expect(await engine.handoff.notices.map(\.reason) == [.autoQueueReplyFromNumber])
    }
}

extension TestEmailPost: CustomTestStringConvertible {
    static var unsigned: TestEmailPost {
        var post = TestEmailPost(1, "Hi")
        post.signedWith = nil
        return post
    }

    static var signedWithAnotherKey: TestEmailPost {
        var post = TestEmailPost(1, "Hi")
        post.signedWith = "another-key"
        return post
    }

    static var toAnUnknownAddress: TestEmailPost { TestEmailPost(1, "Hi", to: ["nobody@elsewhere.example"]) }

    var testDescription: String { "\(signedWith ?? "unsigned") to \(recipients)" }
}
