import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// The operator API's semantics on in-memory ports: take-over while a batch waits for the
/// model, messages while a human has the conversation, exactly-once human replies (also under
/// concurrent retries and after a lost response), the WhatsApp window, hand-back, isolation.
@Suite struct OperatorDeskTests {
    static let staff = OperatorIdentity(companyId: "ci-bbb-002", name: "priya")
    static let stranger = OperatorIdentity(companyId: "ci-other-001", name: "mallory")

    struct Desk {
        let engine: TestEngine
        let desk: OperatorDesk
        let tokens = InMemoryOperatorTokens()
        let sends = InMemoryOperatorSends()
        let inbox = InMemoryOperatorInbox()

        init(_ engine: TestEngine) {
            self.engine = engine
            var ports = engine.ports
            ports.inbox = inbox
            desk = OperatorDesk(ports: ports, tokens: tokens, sends: sends, inbox: inbox, settings: engine.settings, logger: TestEngine.logger)
        }
    }

    @Test func aTakeOverStopsABatchAlreadyWaitingForTheModel() async throws {
        let gate = Gate()
        let model = ScriptedReplyModel()
        await model.enqueue(.run { _ in
            await gate.wait()
            return ScriptedReplyModel.answer("The AI would have said this")
        })
        let engine = try await TestEngine(model: model)
        let desk = Desk(engine).desk
        await engine.receive(1, "Is parking included?")
        engine.clock.advance(by: .seconds(11))
        let batch = Task { try await engine.runDue() }
        await gate.waitForArrivals(1)
        let change = try await desk.handOff(Fixture.key, reason: "a person asked for Priya", by: Self.staff)
        #expect(change.changed && change.handedOff)
        await gate.open()
        _ = try await batch.value

        #expect(await engine.sender.delivered.isEmpty, "the AI does not talk over the human")
        let record = try await engine.record()
        #expect(record.bool(ConversationAttribute.handOffToHuman) == true)
        #expect(record.string(ConversationAttribute.status) == ConversationStatus.handedOff)
        #expect(record.map(ConversationAttribute.pendingReply) == nil)
        let entries = try await engine.newEntries()
        #expect(entries.map { $0.string("role") } == ["user"], "the person's message is in the transcript, unanswered")
        #expect(await engine.outcomes()[Fixture.sid(1)] == .handedOff)
    }

    @Test func handBackAnswersWhatTheHumanLeftWithOperatorTurnsInThePrompt() async throws {
        let engine = try await TestEngine()
        let desk = Desk(engine).desk
        _ = try await desk.handOff(Fixture.key, reason: "complaint", by: Self.staff)
        await engine.receive(1, "Hello? Anyone there?")
        try await engine.runUntilIdle()
        #expect(await engine.sender.delivered.isEmpty, "messages while a human has it are never answered by the AI")

        let sent = try await desk.send(.text("Hi Sam, Priya here. Parking is included."), to: Fixture.key, idempotencyKey: "k-1", by: Self.staff)
        #expect(!sent.replayed && sent.turn.role == .operator && sent.turn.operatorName == "priya")
        #expect(await engine.sender.bodies == ["Hi Sam, Priya here. Parking is included."])

        engine.clock.advance(by: .seconds(30))
        await engine.receive(2, "And the deposit?")
        try await engine.runUntilIdle()
        #expect(await engine.sender.delivered.count == 1)
        let view = try await desk.conversation(Fixture.key, by: Self.staff, before: nil, limit: 50)
        #expect(view.waitingCount == 1)

        let back = try await desk.handBack(Fixture.key, note: "deposit is 5 weeks", by: Self.staff)
        #expect(back.changed && !back.handedOff && back.answering == 1)
        try await engine.runUntilIdle()

        #expect(await engine.model.callCount == 1)
        let prompt = try #require(await engine.model.prompts.last)
        #expect(prompt.userTurn == "And the deposit?")
        #expect(prompt.history.contains { $0.role == .assistant && $0.text == PromptBuilder.staffLabel + "Hi Sam, Priya here. Parking is included." })
        #expect(!prompt.history.contains { $0.text == "And the deposit?" }, "the answered turn is not history as well")
        let roles = try await engine.newEntries().map { $0.string("role") ?? "" }
        #expect(roles == ["user", "operator", "user", "assistant"])
        let record = try await engine.record()
        #expect(record.map(ConversationAttribute.handbackReplyDue) == nil)
        #expect(record.bool(ConversationAttribute.handOffToHuman) == false)
        #expect(record.string(ConversationAttribute.handedBackBy) == "priya")
        #expect(await engine.sender.delivered.count == 2)
    }

    @Test func oneSendPerKeyUnderConcurrentRetries() async throws {
        let engine = try await TestEngine()
        let desk = Desk(engine).desk
        await engine.receive(1, "Hi")
        let results = await withTaskGroup(of: Result<OperatorDesk.SendResult, any Error>.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do { return .success(try await desk.send(.text("One answer"), to: Fixture.key, idempotencyKey: "same", by: Self.staff)) }
                    catch { return .failure(error) }
                }
            }
            var all: [Result<OperatorDesk.SendResult, any Error>] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(await engine.sender.delivered.count == 1)
        let fresh = results.compactMap { try? $0.get() }.filter { !$0.replayed }
        #expect(fresh.count == 1)
        for case .failure(let error) in results { #expect(error as? OperatorError == .idempotencyKeyInProgress) }

        let retry = try await desk.send(.text("One answer"), to: Fixture.key, idempotencyKey: "same", by: Self.staff)
        #expect(retry.replayed && retry.turn.messageId == fresh.first?.turn.messageId)
        await #expect(throws: OperatorError.idempotencyKeyReused) {
            _ = try await desk.send(.text("Another answer"), to: Fixture.key, idempotencyKey: "same", by: Self.staff)
        }
        #expect(await engine.sender.delivered.count == 1)
        #expect(try await engine.newEntries().filter { $0.string("role") == "operator" }.count == 1)
    }

    @Test func aSendWhoseAnswerWasLostIsReconciledNotRepeated() async throws {
        let engine = try await TestEngine()
        let desk = Desk(engine).desk
        await engine.receive(1, "Hi")
        await engine.sender.plan(attempt: 1, .sentButLost)
        await #expect(throws: OperatorError.self) {
            _ = try await desk.send(.text("Sorry for the wait"), to: Fixture.key, idempotencyKey: "k", by: Self.staff)
        }
        let retried = try await desk.send(.text("Sorry for the wait"), to: Fixture.key, idempotencyKey: "k", by: Self.staff)
        #expect(await engine.sender.attempts == 1, "found in the provider's list, not sent again")
        #expect(retried.turn.messageId == (await engine.sender.sids.first))
        #expect(try await engine.newEntries().filter { $0.string("role") == "operator" }.count == 1)
    }

    @Test func aRefusedSendFreesTheKey() async throws {
        let engine = try await TestEngine()
        let desk = Desk(engine).desk
        await engine.receive(1, "Hi")
        await engine.sender.plan(attempt: 1, .permanent)
        await #expect(throws: OperatorError.sendFailed(providerCode: nil, detail: "scripted send failure (permanent)")) {
            _ = try await desk.send(.text("Hello"), to: Fixture.key, idempotencyKey: "k", by: Self.staff)
        }
        _ = try await desk.send(.text("Hello"), to: Fixture.key, idempotencyKey: "k", by: Self.staff)
        #expect(await engine.sender.delivered.count == 1)
    }

    @Test func theWhatsAppWindowIsCheckedBeforeSending() async throws {
        let engine = try await TestEngine()
        let desk = Desk(engine).desk
        // The person never wrote: no window is open.
        await #expect(throws: OperatorError.windowClosed(templateAvailable: true)) {
            _ = try await desk.send(.text("Hello"), to: Fixture.key, idempotencyKey: "k0", by: Self.staff)
        }
        await engine.receive(1, "Hi")
        try await engine.runUntilIdle()
        #expect(try await desk.conversation(Fixture.key, by: Self.staff, before: nil, limit: 10).freeFormReplyPossible)
        engine.clock.advance(by: .seconds(24 * 3600 + 60))
        let view = try await desk.conversation(Fixture.key, by: Self.staff, before: nil, limit: 10)
        #expect(!view.freeFormReplyPossible && view.templateAvailable)
        let before = await engine.sender.delivered.count
        await #expect(throws: OperatorError.windowClosed(templateAvailable: true)) {
            _ = try await desk.send(.text("Hello"), to: Fixture.key, idempotencyKey: "k1", by: Self.staff)
        }
        #expect(await engine.sender.delivered.count == before)
        let template = try await desk.send(.template(variables: ["1": "Sam"]), to: Fixture.key, idempotencyKey: "k2", by: Self.staff)
        #expect(!template.replayed)
        let last = try #require(await engine.sender.delivered.last)
        #expect(last.message.template == ContentTemplate(sid: "HX" + String(repeating: "0", count: 32), variables: ["1": "Sam"]))
    }

    @Test func anotherCompanysConversationDoesNotExist() async throws {
        let engine = try await TestEngine()
        let setup = Desk(engine)
        let desk = setup.desk
        _ = try await desk.handOff(Fixture.key, reason: "x", by: Self.staff)
        #expect(try await desk.inbox(Self.staff, handedOffOnly: true, after: nil, limit: 10).items.count == 1)
        #expect(try await desk.inbox(Self.stranger, handedOffOnly: true, after: nil, limit: 10).items.isEmpty)
        await #expect(throws: OperatorError.notFound) { _ = try await desk.conversation(Fixture.key, by: Self.stranger, before: nil, limit: 10) }
        await #expect(throws: OperatorError.notFound) { _ = try await desk.handBack(Fixture.key, note: nil, by: Self.stranger) }
        await #expect(throws: OperatorError.notFound) { _ = try await desk.handOff(Fixture.key, reason: "x", by: Self.stranger) }
        await #expect(throws: OperatorError.notFound) {
            _ = try await desk.send(.text("x"), to: Fixture.key, idempotencyKey: "k", by: Self.stranger)
        }
        await #expect(throws: OperatorError.notFound) {
            _ = try await desk.conversation(ConversationKey(primaryChannel: "+1", conversationId: "nope"), by: Self.staff, before: nil, limit: 10)
        }
        #expect(await engine.sender.delivered.isEmpty)
    }

    @Test func onlyValidUnrevokedTokensAuthenticate() async throws {
        let setup = Desk(try await TestEngine())
        let start = setup.engine.clock.now()
        #expect(try await setup.tokens.create(OperatorToken(tokenHash: "aa11", companyId: "c1", name: "ann", createdAt: start)))
        #expect(try await setup.desk.authenticate(tokenHash: "aa11") == OperatorIdentity(companyId: "c1", name: "ann"))
        #expect(try await setup.desk.authenticate(tokenHash: "bb22") == nil)
        #expect(try await setup.tokens.revoke(companyId: "c1", name: "ann", at: start) == 1)
        #expect(try await setup.desk.authenticate(tokenHash: "aa11") == nil)
    }
}
