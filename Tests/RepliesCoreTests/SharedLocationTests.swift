import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// A shared location has no body and no media: it is accepted, answered and recorded with a
/// faithful description, on its own or in a burst with media.
@Suite("Batch: shared locations")
struct SharedLocationTests {
    static let dam = SharedLocation(latitude: 52.3731, longitude: 4.8926, address: "Dam, 1012 JS Amsterdam", label: "Dam Square")
    static let damLine = "[Location shared: 52.3731, 4.8926 — \"Dam Square\", Dam, 1012 JS Amsterdam]"

    static func locationWebhook(_ n: Int, _ location: SharedLocation) -> InboundWebhook {
        var hook = TestEngine.webhook(sid: Fixture.sid(n), body: "")
        hook.message.location = location
        hook.fields += [FormField("Latitude", String(location.latitude)), FormField("Longitude", String(location.longitude))]
        return hook
    }

    @Test func theDescriptionKeepsTheCoordinatesAsSentAndNamesThePlace() {
        #expect(Self.dam.description == Self.damLine)
        #expect(SharedLocation(latitude: -33.8568, longitude: 151.2153).description == "[Location shared: -33.8568, 151.2153]")
        #expect(SharedLocation(latitude: 0, longitude: 0, address: "Null Island").description == "[Location shared: 0.0, 0.0 — Null Island]")
        #expect(SharedLocation.isValid(latitude: 90, longitude: -180))
        #expect(!SharedLocation.isValid(latitude: 90.5, longitude: 0))
        #expect(!SharedLocation.isValid(latitude: .nan, longitude: 0))
    }

    @Test func aLocationOnlyMessageIsAcceptedAnsweredAndRecorded() async throws {
        let engine = try await TestEngine()
        #expect(await engine.ingest.handle(Self.locationWebhook(1, Self.dam)) == .accepted)
        #expect(try await engine.stage.pendingFragments(conversationId: Fixture.conversationId).first?.location == Self.dam)
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Thanks, the engineer will meet you there.")))
        engine.clock.advance(by: .seconds(11))
        #expect(try await engine.runDue() == [.done("answered")])
        #expect(await engine.model.prompts.first?.userTurn == Self.damLine)
        #expect(try await engine.newEntries().first?["content"] == .string(Self.damLine))
        #expect(await engine.sender.delivered.count == 1)
        #expect(await engine.outcomes() == [Fixture.sid(1): .answered])
    }

    @Test func withMediaTheLocationTakesItsPlaceInTheTurn() async throws {
        let engine = try await TestEngine(media: ScriptedMediaDownloader(MediaTurnTests.media))
        await engine.receive(1, "I am here")
        _ = await engine.ingest.handle(Self.locationWebhook(2, Self.dam))
        engine.clock.advance(by: .milliseconds(5))
        await engine.receive(3, "", media: [MediaItem(url: MediaTurnTests.photoURL, contentType: "image/jpeg")])
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Found it.")))
        engine.clock.advance(by: .seconds(11))
        _ = try await engine.runDue()
        let prompt = try #require(await engine.model.prompts.first)
        #expect(prompt.userParts == [
            .text("I am here\n" + Self.damLine),
            .image(dataURL: "data:image/jpeg;base64," + MediaTurnTests.jpeg.base64EncodedString()),
        ])
        #expect(try await engine.newEntries().first?["content"] == .string("I am here\n\(Self.damLine)\n[Image (image/jpeg)]"))
    }

    @Test func stickersAndContactCardsAreDescribedForWhatTheyAre() {
        #expect(MediaKind.description(of: MediaItem(url: "u", contentType: "image/webp")) == "[Sticker or image (image/webp)]")
        #expect(MediaKind.description(of: MediaItem(url: "u", contentType: "text/vcard")) == "[Contact card shared (text/vcard)]")
        #expect(MediaKind.description(of: MediaItem(url: "u", contentType: "video/mp4")) == "[Video (video/mp4), not viewed]")
    }
}
