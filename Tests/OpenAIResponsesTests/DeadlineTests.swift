import Foundation
import InMemoryBackend
@testable import OpenAIResponses
import RepliesCore
import TestFakes
import Testing

/// Model calls within the invocation's deadline (issue 13 point 10): no attempt or backoff that
/// could not end before the deadline less the reserve kept for recording the outcome. The
/// deadline is on the test clock, which moves only by the backoff the client sleeps.
@Suite struct DeadlineTests {
    /// The recorder's clock is both the wall clock and the sleeper, so backoff moves "now".
    func configuration(_ recorder: SleepRecorder) -> OpenAIResponsesConfiguration {
        var configuration = Fixture.configuration(recorder)
        configuration.clock = recorder.clock
        return configuration
    }

    @Test func retriesStopWhenTheNextAttemptCouldNotEndBeforeTheDeadline() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 3, status: 500)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, configuration(recorder))
            // 1.8 s for attempts after the 5 s reserve: attempt, 0.5 s backoff, attempt; the
            // next backoff (1 s) plus a minimal attempt (1 s) does not fit the 1.3 s left.
            let deadline = recorder.clock.now().addingTimeInterval(6.8)
            let error = await InvocationDeadline.$current.withValue(deadline) {
                await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) }
            }
            #expect(error?.retryDisposition == .transient(retryAfter: nil), "the batch retries later; this was an attempt")
            #expect(error?.attempts == 2)
            #expect(await openai.requests().count == 2)
            #expect(await recorder.waits == [.ms(500)])
        }
    }

    @Test func noAttemptStartsWithoutTheMinimumTimeLeft() async throws {
        try await Fixture.withFake { openai in
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, configuration(recorder))
            let deadline = recorder.clock.now().addingTimeInterval(5.5)
            let error = await InvocationDeadline.$current.withValue(deadline) {
                await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) }
            }
            #expect(error?.kind == .timeout)
            #expect(error?.isTransient == true)
            #expect(await openai.requests().isEmpty)
        }
    }

    @Test func withoutADeadlineTheWholeScheduleRuns() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 2, status: 500)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, configuration(recorder))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(await openai.requests().count == 3)
        }
    }

    @Test func theWorstCaseIsEveryAttemptTimingOutWithTheLongestBackoffs() {
        let configuration = OpenAIResponsesConfiguration(maxRetries: 2, requestTimeout: .seconds(30))
        // 3 × 30 s + 0.5 s + 1 s + the 5 s reserve.
        #expect(configuration.worstCaseCall == .milliseconds(96_500))
        // 7 × 1 s + 0.5 + 1 + 2 + 4 + 8 + 8 s + 5 s.
        let expected: Duration = .milliseconds(35_500)
        #expect(OpenAIResponsesConfiguration(maxRetries: 6, requestTimeout: .seconds(1)).worstCaseCall == expected)
    }
}
