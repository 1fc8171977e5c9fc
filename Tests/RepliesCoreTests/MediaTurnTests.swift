import Foundation
import InMemoryBackend
import RepliesCore
import Testing

@Suite("Batch: media")
struct MediaTurnTests {
    static let photoURL = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1"
    static let voiceURL = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM2/Media/ME2"
    static let pdfURL = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM3/Media/ME3"
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])
    static let ogg = Data("OggS voice".utf8)
    static let pdf = Data("%PDF-1.7".utf8)
    static var media: [String: DownloadedMedia] {
        [photoURL: DownloadedMedia(contentType: "image/jpeg", data: jpeg),
         voiceURL: DownloadedMedia(contentType: "audio/ogg", data: ogg),
         pdfURL: DownloadedMedia(contentType: "application/pdf", data: pdf)]
    }

    static func record(aiConfig extra: Record = [:]) -> Record {
        var ai = Fixture.record().map("ai_config") ?? [:]
        ai.merge(extra) { _, new in new }
        return Fixture.record(["ai_config": .map(ai)])
    }

    /// Receives, waits out the batch window and runs the batch.
    static func answer(_ engine: TestEngine, _ receive: (TestEngine) async -> Void) async throws -> [BatchOutcome] {
        await receive(engine)
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Thanks, we will send someone.")))
        engine.clock.advance(by: .seconds(11))
        return try await engine.runDue()
    }

    @Test func textPhotoAndVoiceNoteReachTheModelInOrderAndTheRecordKeepsTheTranscript() async throws {
        let downloader = ScriptedMediaDownloader(Self.media)
        let transcriber = ScriptedTranscriber([Self.ogg: "The kitchen tap has been leaking since Monday."])
        let engine = try await TestEngine(media: downloader, transcriber: transcriber)
        let outcomes = try await Self.answer(engine) { engine in
            await engine.receive(1, "Here is the damage")
            await engine.receive(2, "", media: [MediaItem(url: Self.photoURL, contentType: "image/jpeg")])
            await engine.receive(3, "", media: [MediaItem(url: Self.voiceURL, contentType: "audio/ogg")])
        }
        #expect(outcomes == [.done("answered")])

        let prompt = try #require(await engine.model.prompts.first)
        #expect(prompt.userParts == [
            .text("Here is the damage"),
            .image(dataURL: "data:image/jpeg;base64," + Self.jpeg.base64EncodedString()),
            .text("[Voice note, transcribed]: The kitchen tap has been leaking since Monday."),
        ])
        let recorded = "Here is the damage\n[Image (image/jpeg)]\n[Voice note, transcribed]: The kitchen tap has been leaking since Monday."
        #expect(prompt.userTurn == recorded)
        let entries = try await engine.newEntries()
        #expect(entries.first?["content"] == .string(recorded))

        // The tenant's Twilio credentials for the download, its model key for the transcription.
        let calls = await downloader.calls
        #expect(calls.map(\.url) == [Self.photoURL, Self.voiceURL])
        #expect(calls.allSatisfy { $0.credentials == SenderCredentials(accountSid: Fixture.accountSid, authToken: Fixture.authToken) })
        let heard = await transcriber.calls
        #expect(heard.map(\.fileName) == ["voice-note.ogg"])
        #expect(heard.map(\.model) == ["gpt-transcribe"])
        #expect(heard.map(\.apiKey) == [Fixture.apiKey])
    }

    @Test func visionOffDescribesTheImageWithoutDownloadingIt() async throws {
        let downloader = ScriptedMediaDownloader(Self.media)
        let engine = try await TestEngine(records: [Self.record(aiConfig: ["vision": .bool(false)])], media: downloader)
        _ = try await Self.answer(engine) { engine in
            await engine.receive(1, "Look", media: [MediaItem(url: Self.photoURL, contentType: "image/jpeg")])
        }
        let prompt = try #require(await engine.model.prompts.first)
        #expect(prompt.userParts == [.text("Look\n[Image (image/jpeg)]")])
        #expect(await downloader.urls.isEmpty)
    }

    @Test func aPDFIsAnInputFileAndOtherTypesAreDescribed() async throws {
        let engine = try await TestEngine(media: ScriptedMediaDownloader(Self.media))
        _ = try await Self.answer(engine) { engine in
            await engine.receive(1, "The contract and a video", media: [
                MediaItem(url: Self.pdfURL, contentType: "application/pdf"),
                MediaItem(url: "https://api.twilio.com/video", contentType: "video/mp4"),
                MediaItem(url: "https://api.twilio.com/card", contentType: "text/vcard"),
            ])
        }
        let prompt = try #require(await engine.model.prompts.first)
        #expect(prompt.userParts == [
            .text("The contract and a video"),
            .file(name: "document.pdf", dataURL: "data:application/pdf;base64," + Self.pdf.base64EncodedString()),
            .text("[Video (video/mp4), not viewed]\n[Contact card shared (text/vcard): could not be downloaded]"),
        ])
    }

    @Test func failuresAreDescribedAndTheMessageIsStillAnswered() async throws {
        let transcriber = ScriptedTranscriber([:])
        let engine = try await TestEngine(media: ScriptedMediaDownloader(Self.media.filter { $0.key == Self.voiceURL }), transcriber: transcriber)
        let outcomes = try await Self.answer(engine) { engine in
            await engine.receive(1, "", media: [MediaItem(url: Self.photoURL, contentType: "image/png")])
            await engine.receive(2, "", media: [MediaItem(url: Self.voiceURL, contentType: "audio/ogg")])
        }
        #expect(outcomes == [.done("answered")])
        let entries = try await engine.newEntries()
        #expect(entries.first?["content"] == .string("[Image (image/png): could not be downloaded]\n[Voice note that could not be understood]"))
    }

    @Test func itemsOverTheBatchCapsAreDescribedNotDownloaded() async throws {
        var settings = EngineSettings()
        settings.media.maxItemsPerBatch = 1
        let downloader = ScriptedMediaDownloader(Self.media)
        let engine = try await TestEngine(settings: settings, media: downloader)
        _ = try await Self.answer(engine) { engine in
            await engine.receive(1, "", media: [MediaItem(url: Self.photoURL, contentType: "image/jpeg"),
                                                MediaItem(url: Self.pdfURL, contentType: "application/pdf")])
        }
        let prompt = try #require(await engine.model.prompts.first)
        #expect(prompt.userParts?.last == .text("[Document (PDF): not processed, over the per-batch media limit]"))
        #expect(await downloader.urls == [Self.photoURL])
    }

    @Test func withoutADownloaderMediaIsDescribedAsBefore() async throws {
        let engine = try await TestEngine()
        _ = try await Self.answer(engine) { engine in
            await engine.receive(1, "Photo", media: [MediaItem(url: Self.photoURL, contentType: "image/jpeg")])
        }
        let prompt = try #require(await engine.model.prompts.first)
        #expect(prompt.userParts == nil)
        #expect(prompt.userTurn == "Photo\n[Attachment: image/jpeg]")
    }

    /// An Ogg Opus file of `seconds`: the OpusHead page (pre-skip 312) and a last page whose
    /// granule is 48 kHz samples (RFC 7845), built byte by byte.
    static func oggOpus(seconds: Int) -> Data {
        func page(type: UInt8, granule: UInt64, packet: [UInt8]) -> [UInt8] {
            var bytes = Array("OggS".utf8) + [0, type]
            bytes += (0..<8).map { UInt8(truncatingIfNeeded: granule >> (8 * UInt64($0))) }
            bytes += [1, 0, 0, 0] + [0, 0, 0, 0] + [0, 0, 0, 0] + [1, UInt8(packet.count)]
            return bytes + packet
        }
        let head = Array("OpusHead".utf8) + [1, 1, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0]
        return Data(page(type: 2, granule: 0, packet: head) + page(type: 4, granule: UInt64(seconds * 48_000 + 312), packet: [1, 2, 3]))
    }

    @Test func theLengthOfAVoiceNoteIsReadFromTheOggFileOrEstimated() {
        #expect(AudioDuration.seconds(of: DownloadedMedia(contentType: "audio/ogg", data: Self.oggOpus(seconds: 90))) == 90)
        #expect(AudioDuration.seconds(of: DownloadedMedia(contentType: "audio/mpeg", data: Data(count: 20_000))) == 10)
    }

    @Test func voiceNotesOverTheAudioCapAreDescribedNotTranscribed() async throws {
        var settings = EngineSettings()
        settings.media.maxAudioSecondsPerBatch = 60
        let long = Self.oggOpus(seconds: 90)
        let transcriber = ScriptedTranscriber([long: "never heard"])
        let downloader = ScriptedMediaDownloader([Self.voiceURL: DownloadedMedia(contentType: "audio/ogg", data: long)])
        let engine = try await TestEngine(settings: settings, media: downloader, transcriber: transcriber)
        _ = try await Self.answer(engine) { engine in
            await engine.receive(1, "", media: [MediaItem(url: Self.voiceURL, contentType: "audio/ogg")])
        }
        let entries = try await engine.newEntries()
        #expect(entries.first?["content"] == .string("[Voice note or audio (audio/ogg): 90 s, not transcribed, over the per-batch audio limit]"))
        #expect(await transcriber.calls.isEmpty)
    }

    @Test func onLambdaADownloadGetsAtMostHalfOfTheTimeLeft() async throws {
        let downloader = ScriptedMediaDownloader(Self.media)
        let engine = try await TestEngine(media: downloader)
        await engine.receive(1, "", media: [MediaItem(url: Self.photoURL, contentType: "image/jpeg")])
        engine.clock.advance(by: .seconds(11))
        let deadline = engine.clock.now().adding(.seconds(20))
        _ = try await InvocationDeadline.$current.withValue(deadline) { try await engine.runDue() }
        #expect(await downloader.calls.map(\.limits.timeout) == [.seconds(10)])
    }
}
