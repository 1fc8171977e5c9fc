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
    /// The deployment's safety-identifier key in these tests.
    static let safetyKey = "test-safety-identifier-key-0001"
    /// HMAC-SHA256(safetyKey, endUser), computed outside Swift with Python's `hmac`:
    /// `hmac.new(b'test-safety-identifier-key-0001', b'+447700900123', hashlib.sha256).hexdigest()`.
    static let endUserHMAC = "13bd2e8e494f2a0668efcb82e21edd45e9295982dad20c56c421607ccb6605ef"

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
            safetyIdentifierKey: SafetyIdentifierKey(secret: Array(safetyKey.utf8)),
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
