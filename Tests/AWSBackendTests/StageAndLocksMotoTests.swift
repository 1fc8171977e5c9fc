import AWSBackend
import AWSCore
import Foundation
import RepliesCore
import Testing

@Suite("Fragment stage and trigger locks on moto")
struct StageAndLocksMotoTests {
    let t0 = Date(timeIntervalSince1970: 1_750_000_000.123)

    /// Dates on whole milliseconds, as stored, so that fragments compare equal after a round trip.
    func at(_ offsetMs: Int) -> Date { Date(timeIntervalSince1970: Double(1_750_000_000_123 + Int64(offsetMs)) / 1000) }

    func fragment(_ sid: String, _ offsetMs: Int, conversation: String = "c#p#r#1", body: String = "hello") -> Fragment {
        Fragment(
            conversationId: conversation, messageSid: sid, primaryChannel: "+15005550006", channel: .whatsapp, body: body,
            media: sid.hasSuffix("M") ? [MediaItem(url: "https://api.twilio.com/media/ME0", contentType: "image/jpeg")] : [],
            receivedAt: at(offsetMs))
    }

    @Test("staging is idempotent; done fragments lose their body and are remembered with a TTL")
    func stage() async throws {
        try await MotoBackend.with { backend in
            let stage = backend.ports.stage
            let a = fragment("SM00000000000000000000000000000002", 5)
            let b = fragment("SM00000000000000000000000000000001", 5, body: "")
            let c = fragment("SM0000000000000000000000000000000M", 1)
            #expect(try await stage.stage(a) == .staged)
            #expect(try await stage.stage(a) == .alreadyPending)
            #expect(try await stage.stage(b) == .staged)
            #expect(try await stage.stage(c) == .staged)
            #expect(try await stage.stage(fragment("SM9", 0, conversation: "other")) == .staged)

            let pending = try await stage.pendingFragments(conversationId: "c#p#r#1")
            #expect(pending == [c, b, a], "receive time (ms), then SID")

            let retain = t0.addingTimeInterval(25 * 3600)
            try await stage.markDone(conversationId: "c#p#r#1", messageSids: [a.messageSid, b.messageSid, a.messageSid], outcome: .answered, retainUntil: retain)
            #expect(try await stage.stage(a) == .alreadyDone, "a late webhook retry stays a no-op")
            #expect(try await stage.pendingFragments(conversationId: "c#p#r#1") == [c])

            let done = try #require(try await backend.dynamo.getItem(
                table: backend.report.plan.stageTable, key: ["conversation_id": .s("c#p#r#1"), "message_sid": .s(a.messageSid)]))
            #expect(done == [
                "conversation_id": .s("c#p#r#1"), "message_sid": .s(a.messageSid), "state": .s("answered"),
                "expires_at": .n(String(Int64(retain.timeIntervalSince1970.rounded(.up)))),
            ])
            let waiting = try #require(try await backend.dynamo.getItem(
                table: backend.report.plan.stageTable, key: ["conversation_id": .s("c#p#r#1"), "message_sid": .s(c.messageSid)]))
            #expect(waiting["expires_at"] == nil, "pending fragments never expire")
        }
    }

    @Test("the sweeper finds conversations with old pending fragments through the sparse index")
    func sweep() async throws {
        try await MotoBackend.with { backend in
            let stage = backend.ports.stage
            for (index, conversation) in ["c1", "c2", "c3"].enumerated() {
                _ = try await stage.stage(fragment("SM\(index)a", index * 1000, conversation: conversation))
                _ = try await stage.stage(fragment("SM\(index)b", index * 1000 + 1, conversation: conversation))
            }
            try await stage.markDone(conversationId: "c1", messageSids: ["SM0a", "SM0b"], outcome: .handedOff, retainUntil: t0.addingTimeInterval(90_000))
            let stale = try await stage.conversationsToSweep(receivedBefore: t0.addingTimeInterval(1.5), now: t0, limit: 10)
            #expect(stale.map(\.key.conversationId) == ["c2"])
            #expect(stale.first?.channel == .whatsapp && stale.first?.key.primaryChannel == "+15005550006")
            let all = try await stage.conversationsToSweep(receivedBefore: t0.addingTimeInterval(60), now: t0, limit: 10)
            #expect(Set(all.map(\.key.conversationId)) == ["c2", "c3"])
            #expect(try await stage.conversationsToSweep(receivedBefore: t0.addingTimeInterval(60), now: t0, limit: 1).count == 1)
        }
    }

    @Test("locks: held until expiry, free once expired even while the item remains (6.B.11)")
    func locks() async throws {
        try await MotoBackend.with { backend in
            let locks = backend.ports.locks
            #expect(try await locks.acquire(conversationId: "c1", now: t0, expiresAt: t0.addingTimeInterval(130)))
            #expect(try await !locks.acquire(conversationId: "c1", now: t0.addingTimeInterval(129.999), expiresAt: t0.addingTimeInterval(260)))
            #expect(try await locks.acquire(conversationId: "c2", now: t0, expiresAt: t0.addingTimeInterval(130)), "locks are per conversation")
            let item = try #require(try await backend.dynamo.getItem(table: backend.report.plan.lockTable, key: ["conversation_id": .s("c1")]))
            #expect(item["expires_at"] == .n(String(Int64((t0.timeIntervalSince1970 + 130).rounded(.up)))), "TTL attribute in epoch seconds")
            #expect(try await locks.acquire(conversationId: "c1", now: t0.addingTimeInterval(130), expiresAt: t0.addingTimeInterval(260)), "expired but still stored")
            try await locks.release(conversationId: "c1")
            try await locks.release(conversationId: "c1")
            #expect(try await locks.acquire(conversationId: "c1", now: t0, expiresAt: t0.addingTimeInterval(130)))
            // A lock written by the original system (seconds only) is honoured too.
            try await backend.dynamo.putItem(table: backend.report.plan.lockTable, item: ["conversation_id": .s("legacy"), "expires_at": .n(String(Int64(t0.timeIntervalSince1970) + 70))])
            #expect(try await !locks.acquire(conversationId: "legacy", now: t0, expiresAt: t0.addingTimeInterval(130)))
            #expect(try await locks.acquire(conversationId: "legacy", now: t0.addingTimeInterval(71), expiresAt: t0.addingTimeInterval(200)))
        }
    }
}
