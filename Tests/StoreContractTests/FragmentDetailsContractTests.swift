import Foundation
import RepliesCore
import Testing

/// What a WhatsApp fragment carries besides its body: a shared location (a message with no body)
/// and, once made, a voice note's transcript, which a retried batch reuses. Every stage keeps
/// both exactly, and forgets them when the fragment is done.
@Suite struct FragmentDetailsContractTests {
    typealias R = ContractRecords
    let retain = ContractRecords.start.addingTimeInterval(25 * 3600)

    static func located(_ sid: String, at offsetMs: Int64 = 0, _ location: SharedLocation) -> Fragment {
        var fragment = R.fragment(sid, at: offsetMs, body: "")
        fragment.location = location
        return fragment
    }

    @Test(arguments: Backend.allCases)
    func aSharedLocationIsKeptExactly(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            let named = Self.located("SMa", SharedLocation(
                latitude: 52.373_169_4, longitude: -4.892_6, address: "Dam, 1012 JS Amsterdam — “centre” ✓", label: "Dam Square"))
            let pin = Self.located("SMb", at: 2, SharedLocation(latitude: -0.000_01, longitude: 179.999_999))
            #expect(try await stage.stage(named) == .staged)
            #expect(try await stage.stage(pin) == .staged)
            #expect(try await stage.pendingFragments(conversationId: named.conversationId) == [named, pin])

            try await stage.markDone(conversationId: named.conversationId, messageSids: ["SMa", "SMb"], outcome: .answered, retainUntil: retain)
            #expect(try await stage.pendingFragments(conversationId: named.conversationId).isEmpty)
            #expect(try await stage.stage(named) == .alreadyDone)
        }
    }

    @Test(arguments: Backend.allCases)
    func aTranscriptIsKeptWithThePendingFragmentOnly(backend: Backend) async throws {
        try await backend.withFixture { (fixture: StoreFixture) async throws in
            let stage = fixture.stage
            var fragment = R.fragment("SMa", at: 0, body: "")
            fragment.media = [
                MediaItem(url: "https://api.example.com/media/ME1", contentType: "image/jpeg"),
                MediaItem(url: "https://api.example.com/media/ME2", contentType: "audio/ogg"),
            ]
            #expect(try await stage.stage(fragment) == .staged)
            var heard = fragment.media
            heard[1].transcript = "The tap drips — “since Monday” 🙂"
            try await stage.updateMedia(conversationId: fragment.conversationId, messageSid: "SMa", media: heard)
            var expected = fragment
            expected.media = heard
            #expect(try await stage.pendingFragments(conversationId: fragment.conversationId) == [expected])
            // A webhook retry of the same SID does not wipe it.
            #expect(try await stage.stage(fragment) == .alreadyPending)
            #expect(try await stage.pendingFragments(conversationId: fragment.conversationId) == [expected])

            // Done: nothing comes back, and a late update neither revives nor fails.
            try await stage.markDone(conversationId: fragment.conversationId, messageSids: ["SMa"], outcome: .answered, retainUntil: retain)
            try await stage.updateMedia(conversationId: fragment.conversationId, messageSid: "SMa", media: heard)
            #expect(try await stage.pendingFragments(conversationId: fragment.conversationId).isEmpty)
            #expect(try await stage.stage(fragment) == .alreadyDone)
            // Never staged: no error, nothing created.
            try await stage.updateMedia(conversationId: fragment.conversationId, messageSid: "SMz", media: heard)
            #expect(try await stage.pendingFragments(conversationId: fragment.conversationId).isEmpty)
        }
    }
}
