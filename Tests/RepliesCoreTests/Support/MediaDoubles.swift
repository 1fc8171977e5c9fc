import Foundation
import RepliesCore

/// Serves media by URL from a table; an unknown URL fails as the Twilio adapter's "not ready".
actor ScriptedMediaDownloader: MediaDownloader {
    struct Unavailable: Error, RetryClassifying {
        var retryDisposition: RetryDisposition { .transient(retryAfter: nil) }
    }

    private var media: [String: DownloadedMedia]
    private(set) var calls: [(url: String, credentials: SenderCredentials, limits: MediaDownloadLimits)] = []

    init(_ media: [String: DownloadedMedia] = [:]) { self.media = media }

    nonisolated func download(_ item: MediaItem, credentials: SenderCredentials, limits: MediaDownloadLimits) async throws -> DownloadedMedia {
        try await served(item.url, credentials: credentials, limits: limits)
    }

    private func served(_ url: String, credentials: SenderCredentials, limits: MediaDownloadLimits) throws -> DownloadedMedia {
        calls.append((url, credentials, limits))
        guard let found = media[url] else { throw Unavailable() }
        return found
    }

    var urls: [String] { calls.map(\.url) }
}

/// Returns a transcript per audio payload; records what it was asked.
actor ScriptedTranscriber: Transcriber {
    struct Failed: Error {}
    private let transcripts: [Data: String]
    private(set) var calls: [(fileName: String, model: String, apiKey: String)] = []

    init(_ transcripts: [Data: String]) { self.transcripts = transcripts }

    nonisolated func transcribe(_ audio: DownloadedMedia, fileName: String, model: String, apiKey: String) async throws -> String {
        try await heard(audio.data, fileName: fileName, model: model, apiKey: apiKey)
    }

    private func heard(_ data: Data, fileName: String, model: String, apiKey: String) throws -> String {
        calls.append((fileName, model, apiKey))
        guard let text = transcripts[data] else { throw Failed() }
        return text
    }
}

/// A typing indicator that records calls and then answers, fails, or never returns.
actor RecordingTypingIndicator: TypingIndicator {
    enum Behaviour { case succeed, fail, hang }
    struct Refused: Error {}
    let behaviour: Behaviour
    private(set) var started: [String] = []
    private(set) var finished = 0

    init(_ behaviour: Behaviour = .succeed) { self.behaviour = behaviour }

    nonisolated func showTyping(replyingTo messageSid: String, credentials: SenderCredentials) async throws {
        try await handle(messageSid)
    }

    private func handle(_ sid: String) async throws {
        started.append(sid)
        switch behaviour {
        case .succeed: finished += 1
        case .fail: throw Refused()
        // Until the engine's timeout cancels it.
        case .hang: try await Task.sleep(for: .seconds(3600))
        }
    }

    /// The calls once at least `count` started (the indicator runs in a task of its own).
    func waitForStarts(_ count: Int) async -> [String] {
        for _ in 0..<10_000 where started.count < count { await Task.yield() }
        return started
    }
}
