import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@testable import OpenAIResponses
import RepliesCore
import TestFakes
import Testing

/// A user turn with media as Responses API input parts, and voice notes through
/// `/v1/audio/transcriptions`, against the fake that checks both as OpenAI does.
@Suite struct MediaRequestTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
    static let pngURL = "data:image/png;base64," + png.base64EncodedString()
    static let pdfURL = "data:application/pdf;base64," + Data("%PDF-1.7".utf8).base64EncodedString()

    static var promptWithMedia: ModelPrompt {
        var prompt = Fixture.prompt
        prompt.userTurn = "Here is the damage\n[Image (image/png)]\n[Document (PDF)]\n[Voice note, transcribed]: It leaks."
        prompt.userParts = [
            .text("Here is the damage"), .image(dataURL: pngURL), .file(name: "document.pdf", dataURL: pdfURL),
            .text("[Voice note, transcribed]: It leaks."),
        ]
        return prompt
    }

    @Test func userPartsAreSentAsOrderedInputParts() async throws {
        try await Fixture.withFake { openai in
            _ = try await Fixture.client(openai, Fixture.configuration(SleepRecorder())).reply(to: Self.promptWithMedia, apiKey: Fixture.apiKey)
            let request = try #require(await openai.requests().last)
            #expect(request.newestUserParts == [
                .text("Here is the damage"), .image(url: Self.pngURL, detail: "auto"), .file(name: "document.pdf", data: Self.pdfURL),
                .text("[Voice note, transcribed]: It leaks."),
            ])
            // Earlier turns stay plain strings.
            #expect(request.input.first?.content == "Hi, is the flat still available?")
        }
    }

    /// The fake refuses malformed parts as OpenAI does, so the test above can fail.
    @Test func theFakeRefusesMalformedImageParts() async throws {
        try await Fixture.withFake { openai in
            let bad: [String] = [
                #"{"type":"input_image","image_url":"\#(Self.pngURL)"}"#,
                #"{"type":"input_image","detail":"auto","image_url":"data:image/tiff;base64,AAAA"}"#,
                #"{"type":"input_image","detail":"auto","image_url":"not a url"}"#,
                #"{"type":"input_file","file_data":"\#(Self.pdfURL)"}"#,
            ]
            for part in bad {
                var request = HTTPClientRequest(url: openai.baseURL + "/responses")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(Fixture.apiKey)")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: #"{"model":"gpt-5-mini","input":[{"role":"user","content":[\#(part)]}]}"#))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                #expect(response.status.code == 400, "\(part)")
            }
        }
    }

    @Test func aVoiceNoteIsTranscribedWithAMultipartRequest() async throws {
        try await Fixture.withFake { openai in
            await openai.transcribe { _ in "The kitchen tap is leaking." }
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let audio = DownloadedMedia(contentType: "audio/ogg", data: Data("OggS\u{0}voice".utf8))
            let text = try await client.transcribe(audio, fileName: "voice-note.ogg", model: "gpt-4o-mini-transcribe", apiKey: Fixture.apiKey)
            #expect(text == "The kitchen tap is leaking.")
            let request = try #require(await openai.transcriptionRequests().first)
            #expect(request.status == 200)
            #expect(request.fileName == "voice-note.ogg")
            #expect(request.fileContentType == "audio/ogg")
            #expect(request.file == audio.data)
            #expect(request.fields == ["model": "gpt-4o-mini-transcribe", "response_format": "json"])
            #expect(request.contentType?.hasPrefix("multipart/form-data; boundary=") == true)
        }
    }

    @Test func theFakeRefusesTranscriptionsWithoutAnExtensionOrAKnownModel() async throws {
        try await Fixture.withFake { openai in
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let audio = DownloadedMedia(contentType: "audio/ogg", data: Data("OggS".utf8))
            for (name, model) in [("voice-note", "gpt-4o-mini-transcribe"), ("voice-note.ogg", "gpt-5-mini")] {
                do {
                    _ = try await client.transcribe(audio, fileName: name, model: model, apiKey: Fixture.apiKey)
                    Issue.record("\(name) with \(model) was accepted")
                } catch let error as OpenAIError {
                    #expect(error.httpStatus == 400)
                    #expect(error.retryDisposition == .permanent)
                }
            }
            #expect(await openai.transcriptionRequests().map(\.status) == [400, 400])
        }
    }
}
