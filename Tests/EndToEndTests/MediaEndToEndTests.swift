import Foundation
import NIOCore
import RepliesCore
import TestFakes
import Testing
import Twilio

/// The real binary with a burst of text, a photo and a voice note: the media is fetched from
/// Twilio's (fake) API with Basic auth and from its CDN without, the voice note transcribed, and
/// one model call gets the text, the image part and the transcript in order. Embedded and AWS.
@Suite(.serialized)
struct MediaEndToEndTests {
    let tenant = SampleTenant()
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 4000))
    static let ogg = Data("OggS".utf8 + Array(repeating: 0x01, count: 3000))
    static let transcript = "I can come on Friday at ten."

    @Test("embedded: text + photo + voice note → one model call with parts in order, the transcript in the record")
    func burstWithMediaOnEmbedded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fakes = try await TenantFakes.start(for: tenant)
        var environment = fakes.environment
        environment["REPLIES_DATA_DIR"] = directory.appendingPathComponent("data").path
        // Three sequential posts must land in one window on a loaded 2-core machine.
        environment["BATCH_WINDOW_SECONDS"] = "10"
        _ = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: environment)
        try await runBurst(fakes: fakes, environment: environment)
    }

    @Test("AWS over moto: text + photo + voice note → one model call with parts in order, the transcript in the record")
    func burstWithMediaOnAWS() async throws {
        var environment = try await AWSStack.provisionAndSeed(tenant)
        let fakes = try await TenantFakes.start(for: tenant)
        environment.merge(fakes.environment) { _, new in new }
        environment["BATCH_WINDOW_SECONDS"] = "10"
        try await runBurst(fakes: fakes, environment: environment)
    }

    func runBurst(fakes: TenantFakes, environment: [String: String]) async throws {
        var environment = environment
        environment["TYPING_INDICATOR_ENABLED"] = "true"
        environment["TWILIO_MESSAGING_BASE_URL"] = fakes.twilio.baseURL
        let media = try await FakeTwilioMedia.start(accountSid: tenant.accountSid, authToken: tenant.authToken, mountedOn: fakes.twilio)
        await fakes.openAI.transcribe { _ in Self.transcript }
        let photo = await media.add(contentType: "image/jpeg", data: Self.jpeg)
        // Not stored yet when the worker first asks: the download retries.
        let voice = await media.add(contentType: "audio/ogg", data: Self.ogg, notReadyFor: 1)

        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()
        let text = "Here is the broken window"
        let posts: [(String, [MediaItem])] = [
            (text, []), ("", [MediaItem(url: photo, contentType: "image/jpeg")]), ("", [MediaItem(url: voice, contentType: "audio/ogg")]),
        ]
        for (index, (body, items)) in posts.enumerated() {
            // Ascending SIDs: should two posts share a millisecond, the batch order is still theirs.
            var hook = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: body,
                                        messageSid: "SM" + String(repeating: "a", count: 31) + String(index), accountSid: tenant.accountSid)
            hook.media = items
            let response = try await hook.post(to: "http://\(address)", signingBaseURL: tenant.publicBaseURL, authToken: tenant.authToken, timeout: .seconds(10))
            #expect(response.status == 200)
        }

        _ = try await poll(timeout: .seconds(40), "the reply") {
            await fakes.twilio.sentMessages().isEmpty ? nil : true
        }
        let expectedTurn = "\(text)\n[Image (image/jpeg)]\n[Voice note, transcribed]: \(Self.transcript)"
        let record = try await poll(timeout: .seconds(20), "the reply to be recorded") {
            let json = try await EngineProcess.run(["inspect", tenant.user, tenant.conversationId], environment: environment)
            let record = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            return (record["messages"] as? [Any])?.count == 3 ? record : nil
        }
        try await Quiescence.wait(environment: environment, conversationId: tenant.conversationId) {
            await fakes.openAI.requests().count + fakes.twilio.requests().count
        }
        #expect(await fakes.twilio.sentMessages().count == 1)
        let calls = await fakes.openAI.requests()
        #expect(calls.count == 1)
        #expect(calls.first?.newestUserParts == [
            .text(text),
            .image(url: "data:image/jpeg;base64," + Self.jpeg.base64EncodedString(), detail: "auto"),
            .text("[Voice note, transcribed]: \(Self.transcript)"),
        ])
        let transcriptions = await fakes.openAI.transcriptionRequests()
        #expect(transcriptions.map(\.status) == [200])
        #expect(transcriptions.first?.fileName == "voice-note.ogg")
        #expect(transcriptions.first?.file == Self.ogg)
        #expect(await media.cdnRequestsWithCredentials() == 0)
        #expect(await media.cdnRequests() == 2)
        // Once per batch, for the newest message (the voice note).
        #expect(await fakes.twilio.typingIndicators() == ["SM" + String(repeating: "a", count: 31) + "2"])

        let messages = try #require(record["messages"] as? [[String: Any]])
        #expect(messages[1]["role"] as? String == "user")
        #expect(messages[1]["content"] as? String == expectedTurn)

        engine.terminate()
        #expect(try await engine.waitForExit() == 0)
        #expect(!engine.standardError.contains(tenant.authToken))
        await media.stop()
        try await fakes.stop()
    }
}
