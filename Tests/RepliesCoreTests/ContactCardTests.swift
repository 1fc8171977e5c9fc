import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// A contact shared on WhatsApp arrives as a vCard media item: the model and the record get its
/// names, numbers and addresses, not an unopened attachment.
@Suite("Batch: shared contact cards")
struct ContactCardTests {
    static let cardURL = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM4/Media/ME4"
    /// As WhatsApp writes them: `waid` on the number, an `item1.` group, a folded line, escapes.
    static let card = Data("""
        BEGIN:VCARD\r
        VERSION:3.0\r
        N:Jansen;Marieke;;;\r
        FN:Marieke Jansen\r
        ORG:Jansen \\, Zonen Loodgieters;\r
        TEL;type=CELL;type=VOICE;waid=31612345678:+31 6 1234 5678\r
        item1.EMAIL;type=INTERNET:marieke@example.\r
         com\r
        END:VCARD\r
        BEGIN:VCARD\r
        VERSION:3.0\r
        FN:Office\r
        TEL;type=WORK:+31 20 123 4567\r
        END:VCARD\r

        """.utf8)

    @Test func theCardIsReadIntoAShortDescription() {
        #expect(ContactCard.description(of: Self.card)
            == "[Contacts shared: Marieke Jansen (Jansen , Zonen Loodgieters), +31 6 1234 5678, marieke@example.com; Office, +31 20 123 4567]")
        #expect(ContactCard.description(of: Data("BEGIN:VCARD\nFN:Sam\nEND:VCARD".utf8)) == "[Contact shared: Sam]")
        #expect(ContactCard.description(of: Data("not a card".utf8)) == nil)
        #expect(ContactCard.description(of: Data([0xFF, 0xFE, 0x00])) == nil)
        let long = ContactCard.description(of: Data(("BEGIN:VCARD\nFN:" + String(repeating: "x", count: 5_000) + "\nEND:VCARD").utf8))
        #expect((long?.count ?? .max) < 200)
    }

    @Test func aSharedContactReachesTheModelAndTheRecordWithItsDetails() async throws {
        let downloader = ScriptedMediaDownloader([Self.cardURL: DownloadedMedia(contentType: "text/vcard", data: Self.card)])
        let engine = try await TestEngine(media: downloader)
        _ = try await MediaTurnTests.answer(engine) { engine in
            await engine.receive(1, "", media: [MediaItem(url: Self.cardURL, contentType: "text/vcard")])
        }
        let line = "[Contacts shared: Marieke Jansen (Jansen , Zonen Loodgieters), +31 6 1234 5678, marieke@example.com; Office, +31 20 123 4567]"
        #expect(await engine.model.prompts.first?.userParts == [.text(line)])
        #expect(try await engine.newEntries().first?["content"] == .string(line))
        // A card is small: the download is capped far below the media limit.
        #expect(await downloader.calls.map(\.limits.maxBytes) == [64 * 1024])
    }

    @Test func anUnreadableCardIsDescribedAndStillAnswered() async throws {
        let downloader = ScriptedMediaDownloader([Self.cardURL: DownloadedMedia(contentType: "text/vcard", data: Data([0xFF, 0xFE]))])
        let engine = try await TestEngine(media: downloader)
        let outcomes = try await MediaTurnTests.answer(engine) { engine in
            await engine.receive(1, "", media: [MediaItem(url: Self.cardURL, contentType: "text/vcard")])
        }
        #expect(outcomes == [.done("answered")])
        #expect(try await engine.newEntries().first?["content"] == .string("[Contact card shared (text/vcard): could not be read]"))
    }
}
