import AsyncHTTPClient
import Foundation
@testable import OpenAIResponses
import InMemoryBackend
import RepliesCore
import TestFakes

/// The waits the client asks for, recorded by the test clock instead of slept.
final class SleepRecorder: Sendable {
    let clock = ManualClock(advancesOnSleep: true)
    var waits: [Duration] { get async { clock.requestedSleeps } }
}

enum Fixture {
    static let apiKey = FakeOpenAI.defaultAPIKey
    static let endUser = "+447700900123"
    /// SHA-256 of `endUser`, computed outside Swift (`printf '%s' '+447700900123' | sha256sum`).
    static let endUserHash = "a8acc3a90a7b4e4dc65e93db9240ed26523050ef754d63b75b5161de76781436"

    static let prompt = ModelPrompt(
        model: "gpt-5-mini",
        instructions: "You answer for Acme Homes. Be brief.",
        context: "Initial context:\n\n**Company & Project:**\n- Company Name: Acme Homes",
        history: [
            .init(role: .user, text: "Hi, is the flat still available?"),
            .init(role: .assistant, text: "Yes, it is. Would you like a viewing?"),
        ],
        userTurn: "Yes please\nFriday works",
        endUserId: endUser)

    /// Exact waits: jitter factor 1 (random 0), recorded sleeps, a fixed clock.
    static func configuration(
        _ recorder: SleepRecorder, maxRetries: Int = 2, timeout: Duration = .seconds(10),
        random: Double = 0, now: Date = Date(timeIntervalSince1970: 1_767_225_600)
    ) -> OpenAIResponsesConfiguration {
        OpenAIResponsesConfiguration(
            maxRetries: maxRetries, requestTimeout: timeout,
            timer: recorder.clock.sleeping, random: { random }, clock: ManualClock(now))
    }

    static func client(_ openai: FakeOpenAI, _ configuration: OpenAIResponsesConfiguration) throws -> OpenAIResponsesClient {
        try OpenAIResponsesClient(httpClient: .shared, baseURL: openai.baseURL, configuration: configuration)
    }

    /// Runs `body` against a fresh fake and always stops it.
    static func withFake(_ body: (FakeOpenAI) async throws -> Void) async throws {
        let openai = try await FakeOpenAI.start()
        do {
            try await body(openai)
        } catch {
            try await openai.stop()
            throw error
        }
        try await openai.stop()
    }

    /// The error a call throws, or nil when it succeeds.
    static func failure(of call: () async throws -> ModelReply) async -> OpenAIError? {
        do {
            _ = try await call()
            return nil
        } catch {
            return error as? OpenAIError
        }
    }

    /// A valid reply text in the schema.
    static func replyJSON(_ content: String, handOff: Bool = false, reason: String? = nil, done: Bool = false) -> String {
        FakeOpenAI.Reply(content: content, handOffToHuman: handOff, handOffToHumanReason: reason, taskComplete: done).json
    }
}

extension Duration {
    static func ms(_ value: Int64) -> Duration { .milliseconds(value) }
}
