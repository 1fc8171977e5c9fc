import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// A voice note is transcribed once per message: the transcript is kept with the staged
/// fragment before the model call, and a retried batch (model error, crash) reuses it.
@Suite("Batch: transcripts kept across retries")
struct TranscriptKeptTests {
    static let voice = MediaItem(url: MediaTurnTests.voiceURL, contentType: "audio/ogg")
    static let heard = "The boiler makes a banging noise."
    static let line = "[Voice note, transcribed]: The boiler makes a banging noise."

    static func engine(model: ScriptedReplyModel) async throws -> (TestEngine, ScriptedTranscriber, ScriptedMediaDownloader) {
        let downloader = ScriptedMediaDownloader(MediaTurnTests.media)
        let transcriber = ScriptedTranscriber([MediaTurnTests.ogg: heard])
        let engine = try await TestEngine(model: model, media: downloader, transcriber: transcriber)
        return (engine, transcriber, downloader)
    }

    @Test func aFailedThenRetriedBatchTranscribesTheVoiceNoteOnce() async throws {
        let (engine, transcriber, downloader) = try await Self.engine(model: ScriptedReplyModel([.fail(.transient)]))
        await engine.receive(1, "", media: [Self.voice])
        engine.clock.advance(by: .seconds(11))
        guard case .retry = try #require(try await engine.runDue().first) else { Issue.record("expected a retry"); return }
        // Kept with the fragment, written before the model was asked.
        #expect(try await engine.stage.pendingFragments(conversationId: Fixture.conversationId).first?.media.first?.transcript == Self.heard)

        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("We will send an engineer.")))
        #expect(try await engine.runUntilIdle() == [.done("answered")])
        #expect(await transcriber.calls.count == 1)
        #expect(await downloader.urls == [MediaTurnTests.voiceURL])
        let prompts = await engine.model.prompts
        #expect(prompts.count == 2)
        #expect(prompts.allSatisfy { $0.userParts == [.text(Self.line)] })
        #expect(try await engine.newEntries().first?["content"] == .string(Self.line))
    }

    @Test func aCrashAfterTheModelCallReusesTheKeptTranscript() async throws {
        let (engine, transcriber, _) = try await Self.engine(model: ScriptedReplyModel())
        await engine.receive(1, "", media: [Self.voice])
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("First answer, never sent.")))
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("We will send an engineer.")))
        // The worker dies writing the pending reply: nothing was sent, the batch runs again.
        engine.faults.inject(.update, crash: true, where: \.persistsUnsentReply)
        engine.clock.advance(by: .seconds(11))
        _ = try await engine.runDue()
        #expect(engine.faults.crashed)
        _ = try await engine.runUntilIdle()
        #expect(await engine.sender.delivered.count == 1)
        #expect(await transcriber.calls.count == 1)
        #expect(try await engine.newEntries().first?["content"] == .string(Self.line))
    }

    @Test func aFailedTranscriptionIsNotKeptAndIsTriedAgain() async throws {
        let downloader = ScriptedMediaDownloader(MediaTurnTests.media)
        let transcriber = ScriptedTranscriber([:])
        let engine = try await TestEngine(model: ScriptedReplyModel([.fail(.transient)]), media: downloader, transcriber: transcriber)
        await engine.receive(1, "", media: [Self.voice])
        engine.clock.advance(by: .seconds(11))
        _ = try await engine.runDue()
        #expect(try await engine.stage.pendingFragments(conversationId: Fixture.conversationId).first?.media.first?.transcript == nil)
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("Could you type it?")))
        _ = try await engine.runUntilIdle()
        #expect(await transcriber.calls.count == 2)
    }

    @Test func failingToKeepTheTranscriptStillAnswers() async throws {
        let (engine, transcriber, _) = try await Self.engine(model: ScriptedReplyModel())
        await engine.receive(1, "", media: [Self.voice])
        await engine.model.enqueue(.reply(ScriptedReplyModel.answer("We will send an engineer.")))
        engine.faults.inject(.updateMedia)
        engine.clock.advance(by: .seconds(11))
        #expect(try await engine.runDue() == [.done("answered")])
        #expect(await transcriber.calls.count == 1)
        #expect(try await engine.newEntries().first?["content"] == .string(Self.line))
    }
}
