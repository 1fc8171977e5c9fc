import Foundation
import RepliesCore
import Testing

@Suite("TurnMerger and ConversationSelection")
struct SelectionAndMergingTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    static func fragment(_ sid: String, _ body: String, at offsetMs: Int, media: [MediaItem] = []) -> Fragment {
        Fragment(
            conversationId: Fixture.conversationId, messageSid: sid, primaryChannel: Fixture.user, channel: .whatsapp,
            body: body, media: media, receivedAt: start.addingTimeInterval(Double(offsetMs) / 1000))
    }

    // MARK: TurnMerger

    @Test func mergesBodiesInReceiveOrderWithNewlines() {
        let fragments = [
            Self.fragment("SMc", "third", at: 20), Self.fragment("SMa", "first", at: 0), Self.fragment("SMb", "second", at: 5),
        ]
        #expect(TurnMerger.merge(fragments) == "first\nsecond\nthird")
    }

    @Test func sameMillisecondIsOrderedBySid() {
        let fragments = [Self.fragment("SM02", "b", at: 7), Self.fragment("SM01", "a", at: 7), Self.fragment("SM00", "z", at: 8)]
        #expect(TurnMerger.merge(fragments) == "a\nb\nz")
        #expect(fragments.sorted(by: Fragment.receiveOrder).map(\.messageSid) == ["SM01", "SM02", "SM00"])
    }

    @Test func mediaIsDescribedNotDropped() {
        let photo = MediaItem(url: "https://api.twilio.example/Media/ME1", contentType: "image/jpeg")
        let unknown = MediaItem(url: "https://api.twilio.example/Media/ME2", contentType: "")
        let fragments = [
            Self.fragment("SM1", "", at: 0, media: [photo]),
            Self.fragment("SM2", "Here is the contract", at: 1, media: [unknown]),
            Self.fragment("SM3", "   ", at: 2),
            Self.fragment("SM4", "thanks", at: 3),
        ]
        #expect(TurnMerger.merge(fragments) == "[Attachment: image/jpeg]\nHere is the contract\n[Attachment: file]\nthanks")
    }

    @Test func bodiesAreKeptVerbatim() {
        let fragments = [Self.fragment("SM1", "  indented\nsecond line ", at: 0), Self.fragment("SM2", "😀", at: 1)]
        #expect(TurnMerger.merge(fragments) == "  indented\nsecond line \n😀")
    }

    // MARK: ConversationSelection

    static func conversation(_ id: String, createdAt: String?, status: String = "initial_message_sent") throws -> Conversation {
        var overrides: Record = [:]
        if createdAt == nil { overrides["created_at"] = .null }
        return try Conversation(record: Fixture.record(conversationId: id, createdAt: createdAt ?? "", status: status, overrides))
    }

    @Test func choosesTheLatestCreatedAtSkippingFailedRecords() throws {
        let candidates = [
            try Self.conversation("c-old", createdAt: "2025-04-01T09:30:12.345678+00:00Z"),
            try Self.conversation("c-new", createdAt: "2025-05-01T09:30:12.345678+00:00Z"),
            try Self.conversation("c-failed", createdAt: "2025-06-01T09:30:12.345678+00:00Z", status: "failed_unknown"),
            try Self.conversation("c-failed2", createdAt: "2025-06-02T09:30:12+00:00Z", status: "failed_to_send_message"),
        ]
        for order in [candidates, candidates.reversed(), [candidates[2], candidates[0], candidates[3], candidates[1]]] {
            #expect(ConversationSelection.choose(order)?.key.conversationId == "c-new")
        }
    }

    @Test func comparesInstantsNotText() throws {
        // 10:30+01:00 is 09:30 UTC: earlier than 09:30:12.5 UTC although it sorts later as text.
        let candidates = [
            try Self.conversation("c-offset", createdAt: "2025-05-01T10:30:00+01:00"),
            try Self.conversation("c-utc", createdAt: "2025-05-01T09:30:12.5+00:00Z"),
        ]
        #expect(ConversationSelection.choose(candidates)?.key.conversationId == "c-utc")
    }

    @Test func tiesAndUnparseableDatesAreDeterministic() throws {
        let tie = [
            try Self.conversation("c-a", createdAt: Fixture.createdAt), try Self.conversation("c-b", createdAt: Fixture.createdAt),
        ]
        #expect(ConversationSelection.choose(tie)?.key.conversationId == "c-b")
        #expect(ConversationSelection.choose(tie.reversed())?.key.conversationId == "c-b")

        let undated = [
            try Self.conversation("c-z-null", createdAt: nil), try Self.conversation("c-z-garbage", createdAt: "yesterday"),
            try Self.conversation("c-dated", createdAt: "2020-01-01T00:00:00Z"),
        ]
        #expect(ConversationSelection.choose(undated)?.key.conversationId == "c-dated")
        #expect(ConversationSelection.choose(Array(undated.prefix(2)))?.key.conversationId == "c-z-null")
    }

    @Test func nothingUsableChoosesNothing() throws {
        #expect(ConversationSelection.choose([]) == nil)
        #expect(ConversationSelection.choose([try Self.conversation("c1", createdAt: Fixture.createdAt, status: "failed_secrets_fetch")]) == nil)
    }
}
