import Foundation
import RepliesCore
import Testing

/// Staging is idempotent per (conversation, SID), ordered by receive time then SID, and
/// remembers done SIDs.
@Suite struct FragmentStageContractTests {
    typealias R = ContractRecords
    let retain = ContractRecords.start.addingTimeInterval(25 * 3600)

    @Test(arguments: Backend.allCases)
    func stagingTheSameSidIsStagedThenPendingThenDone(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            let fragment = R.fragment("SMa", at: 0)
            #expect(try await stage.stage(fragment) == .staged)
            #expect(try await stage.stage(fragment) == .alreadyPending)

            var retried = fragment
            retried.body = "a webhook retry must not replace the body"
            #expect(try await stage.stage(retried) == .alreadyPending)
            #expect(try await stage.pendingFragments(conversationId: fragment.conversationId) == [fragment])

            try await stage.markDone(conversationId: fragment.conversationId, messageSids: ["SMa"], outcome: .answered, retainUntil: retain)
            #expect(try await stage.stage(fragment) == .alreadyDone)
            #expect(try await stage.stage(retried) == .alreadyDone)
            #expect(try await stage.pendingFragments(conversationId: fragment.conversationId).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func theSameSidInAnotherConversationIsSeparate(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let first = R.fragment("SMa", conversation: R.conversationId("r1"), at: 0)
            let second = R.fragment("SMa", conversation: R.conversationId("r2"), at: 0)
            #expect(try await fixture.stage.stage(first) == .staged)
            #expect(try await fixture.stage.stage(second) == .staged)
        }
    }

    @Test(arguments: Backend.allCases)
    func pendingFragmentsAreOrderedByReceiveTimeThenSid(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            let expected = [
                R.fragment("SMz", at: 0),
                R.fragment("SMc", at: 1),
                R.fragment("SMa", at: 2),
                R.fragment("SMb", at: 2),
                R.fragment("SM0", at: 1_000),
            ]
            for index in [3, 0, 4, 2, 1] {
                #expect(try await stage.stage(expected[index]) == .staged)
            }
            _ = try await stage.stage(R.fragment("SMother", conversation: R.conversationId("r2"), at: 1))

            // Whole fragments compare equal: body, media, channel and the millisecond time survive.
            #expect(try await stage.pendingFragments(conversationId: R.conversationId("r1")) == expected)
            #expect(try await stage.pendingFragments(conversationId: R.conversationId("nobody")).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func markDoneRemovesOnlyTheGivenSidsFromPending(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            let fragments = (0..<4).map { R.fragment("SM\($0)", at: Int64($0)) }
            for fragment in fragments { _ = try await stage.stage(fragment) }

            try await stage.markDone(conversationId: R.conversationId("r1"), messageSids: ["SM0", "SM2"], outcome: .handedOff, retainUntil: retain)
            #expect(try await stage.pendingFragments(conversationId: R.conversationId("r1")) == [fragments[1], fragments[3]])
            #expect(try await stage.stage(fragments[0]) == .alreadyDone)
            #expect(try await stage.stage(fragments[1]) == .alreadyPending)

            // markDone for another conversation leaves this one alone.
            try await stage.markDone(conversationId: R.conversationId("r2"), messageSids: ["SM1"], outcome: .answered, retainUntil: retain)
            #expect(try await stage.stage(fragments[1]) == .alreadyPending)
        }
    }

    @Test(arguments: Backend.allCases)
    func conversationsToSweepFindsOnlyOldEnoughPendingOnes(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            let old = R.fragment("SMold", conversation: R.conversationId("r1"), at: 0)
            let young = R.fragment("SMyoung", conversation: R.conversationId("r2"), at: 10_000)
            var smsFragment = R.fragment("SMsms", conversation: R.conversationId("r3"), at: 1_000)
            smsFragment.channel = .sms
            let answered = R.fragment("SMdone", conversation: R.conversationId("r4"), at: 0)
            for fragment in [old, young, smsFragment, answered] { _ = try await stage.stage(fragment) }
            try await stage.markDone(conversationId: answered.conversationId, messageSids: ["SMdone"], outcome: .answered, retainUntil: retain)

            let start = R.start
            #expect(try await stage.conversationsToSweep(receivedBefore: start, now: R.start, limit: 10).isEmpty)
            let early = try await stage.conversationsToSweep(receivedBefore: start.addingTimeInterval(5), now: R.start, limit: 10)
            #expect(Set(early) == [
                PendingConversation(key: old.conversationKey, channel: .whatsapp),
                PendingConversation(key: smsFragment.conversationKey, channel: .sms),
            ])
            let all = try await stage.conversationsToSweep(receivedBefore: start.addingTimeInterval(60), now: R.start, limit: 10)
            #expect(all.count == 3)
            #expect(Set(all.map(\.key)) == [old.conversationKey, young.conversationKey, smsFragment.conversationKey])
            #expect(try await stage.conversationsToSweep(receivedBefore: start.addingTimeInterval(60), now: R.start, limit: 1).count == 1)
        }
    }

    @Test(arguments: Backend.allCases)
    func aConversationWithSeveralPendingFragmentsIsListedOnce(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            for index in 0..<3 { _ = try await fixture.stage.stage(R.fragment("SM\(index)", at: Int64(index))) }
            let found = try await fixture.stage.conversationsToSweep(receivedBefore: R.start.addingTimeInterval(60), now: R.start, limit: 10)
            #expect(found == [PendingConversation(key: R.fragment("SM0", at: 0).conversationKey, channel: .whatsapp)])
        }
    }
}
