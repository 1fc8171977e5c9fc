import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// Random traffic with crashes at every point of a batch, lost provider responses and failing
/// model calls, in virtual time; the guarantees must hold at the end of every run.
@Suite("Chaos")
struct ChaosTests {
    enum Breakage: CaseIterable {
        case crashAfterLease, crashBeforeModel, crashAfterModel, crashBeforeSend, crashAfterSend
        case crashBeforeFinalUpdate, crashAfterFinalUpdate, crashWhileCleaningUp
        case lostSendResponse, failedSend, failedModelCall, slowModelCall
    }

    static func arm(_ breakage: Breakage, on engine: TestEngine) async {
        let faults = engine.faults
        switch breakage {
        case .crashAfterLease: faults.inject(.acquireLease, .after, crash: true)
        case .crashBeforeModel: faults.inject(.pendingFragments, crash: true)
        case .crashAfterModel: faults.inject(.update, crash: true, where: \.persistsUnsentReply)
        case .crashBeforeSend: faults.inject(.update, .after, crash: true, where: \.persistsUnsentReply)
        case .crashAfterSend: faults.crashAfterTheSend()
        case .crashBeforeFinalUpdate: faults.inject(.updateAndRelease, crash: true, where: \.appendsTurns)
        case .crashAfterFinalUpdate: faults.inject(.updateAndRelease, .after, crash: true, where: \.appendsTurns)
        case .crashWhileCleaningUp: faults.inject(.markDone, crash: true)
        case .lostSendResponse: await engine.sender.plan(attempt: await engine.sender.attempts + 1, .sentButLost)
        case .failedSend: await engine.sender.plan(attempt: await engine.sender.attempts + 1, .transient(retryAfter: nil))
        case .failedModelCall: await engine.model.enqueue(.fail(.transient))
        case .slowModelCall:
            await engine.model.enqueue(.run { [clock = engine.clock] prompt in
                clock.advance(by: .seconds(400))  // outlives the lease
                return ScriptedReplyModel.answer("Slow reply to \(prompt.userTurn.count) characters, \(UUID().uuidString)")
            })
        }
    }

    @Test(arguments: 1...24)
    func guaranteesHoldUnderRandomFailures(seed: Int) async throws {
        var settings = EngineSettings()
        settings.maxAttempts = 1_000  // this test is about duplicates and losses, not giving up
        let engine = try await TestEngine(settings: settings)
        var random = SplitMix64(seed: UInt64(seed))
        var inbound: [String: String] = [:]
        var next = 1

        for _ in 0..<40 {
            if random.next() % 3 != 0 {
                let sid = Fixture.sid(next)
                let body = "message \(next)"
                // A webhook answered 5xx is retried by Twilio until it is kept.
                while case .unavailable = await engine.ingest.handle(TestEngine.webhook(sid: sid, body: body)) {
                    engine.faults.restart()
                }
                inbound[sid] = body
                next += 1
                if random.next() % 5 == 0 { await engine.receive(next - 1, body) }  // a duplicate webhook
            }
            if random.next() % 3 == 0 {
                let all = Breakage.allCases
                await Self.arm(all[Int(random.next() % UInt64(all.count))], on: engine)
            }
            engine.clock.advance(by: .milliseconds(Int64(random.next() % 15_000)))
            try await engine.runDue()
            if engine.faults.crashed { engine.faults.restart() }
        }
        engine.faults.restart()
        try await engine.runUntilIdle(maxSteps: 500)

        #expect(await engine.queue.pending.isEmpty)
        #expect(try await engine.pendingSids().isEmpty, "messages left unanswered")
        try await Invariants.check(engine, inbound: inbound)
        let replies = try await engine.newEntries().filter { $0["role"] == .string("assistant") }.count
        #expect(await engine.sender.delivered.count == replies, "every send is a recorded reply")
    }
}
