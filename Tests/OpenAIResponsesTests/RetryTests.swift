import Foundation
@testable import OpenAIResponses
import RepliesCore
import TestFakes
import Testing
import AsyncHTTPClient

/// The SDK's retry rules, end to end against the fake, with recorded (never real) sleeps.
@Suite struct RetryTests {
    @Test(arguments: [408, 409, 429, 500, 502, 503])
    func retryableStatusesAreRetriedWithBackoffThenSucceed(status: Int) async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 2, status: status)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            let reply = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(reply.content == "Thanks! I got your 2 lines.")
            #expect(await openai.requests().count == 3)
            #expect(await recorder.waits == [.ms(500), .ms(1000)])
        }
    }

    @Test func givesUpAfterMaxRetriesWithATransientError() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 3, status: 500)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .serverError)
            #expect(error.retryDisposition == .transient(retryAfter: nil))
            #expect(error.attempts == 3)
            #expect(error.httpStatus == 500)
            #expect(error.requestId?.hasPrefix("req_") == true)
            #expect(await openai.requests().count == 3)
            #expect(await recorder.waits == [.ms(500), .ms(1000)])
        }
    }

    @Test func backoffDoublesUpToEightSeconds() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 7, status: 503)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder, maxRetries: 6))
            _ = await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) }
            #expect(await openai.requests().count == 7)
            #expect(await recorder.waits == [.ms(500), .ms(1000), .ms(2000), .ms(4000), .ms(8000), .ms(8000)])
        }
    }

    @Test func jitterShortensTheWaitByAtMostAQuarter() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 2, status: 500)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder, random: 1))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(await recorder.waits == [.ms(375), .ms(750)])
        }
    }

    @Test func zeroMaxRetriesMakesOneAttempt() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 1, status: 500)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder, maxRetries: 0))
            let error = await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) }
            #expect(error?.isTransient == true)
            #expect(await openai.requests().count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test(arguments: [
        (400, OpenAIError.Kind.badRequest), (401, .authentication), (403, .permissionDenied),
        (404, .notFound), (422, .unprocessable),
    ])
    func clientErrorsAreNotRetriedAndPermanent(status: Int, kind: OpenAIError.Kind) async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 1, status: status)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == kind)
            #expect(error.retryDisposition == .permanent)
            #expect(await openai.requests().count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test func insufficientQuotaIsNeverRetriedEvenWhenTheServerSaysRetry() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 3, status: 429, body: FakeOpenAI.insufficientQuotaBody, headers: ["x-should-retry": "true"])
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .insufficientQuota)
            #expect(error.retryDisposition == .permanent)
            #expect(error.code == "insufficient_quota")
            #expect(error.description.contains("Add credit"))
            #expect(await openai.requests().count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test func insufficientQuotaAsCodeOnlyIsAlsoNotRetried() async throws {
        try await Fixture.withFake { openai in
            let body = FakeOpenAI.errorBody(message: "You exceeded your current quota.", type: "requests", code: "insufficient_quota")
            await openai.failNext(count: 1, status: 429, body: body)
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) }
            #expect(error?.kind == .insufficientQuota)
            #expect(await openai.requests().count == 1)
        }
    }

    @Test func shouldRetryFalseStopsARetryableStatus() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 1, status: 503, headers: ["x-should-retry": "false"])
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .serverError)
            #expect(error.retryDisposition == .permanent)
            #expect(await openai.requests().count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test func shouldRetryTrueRetriesAnOtherwiseFinalStatus() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 3, status: 400, headers: ["x-should-retry": "true"])
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .badRequest)
            #expect(error.isTransient)
            #expect(await openai.requests().count == 3)
            #expect(await recorder.waits == [.ms(500), .ms(1000)])
        }
    }

    // MARK: - Server-requested waits

    @Test func retryAfterMsIsObeyedAheadOfRetryAfter() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 2, status: 429, headers: ["retry-after-ms": "250", "retry-after": "9"])
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(await recorder.waits == [.ms(250), .ms(250)])
        }
    }

    @Test func retryAfterSecondsIsObeyed() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 1, status: 429, headers: ["retry-after": "3"])
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(await recorder.waits == [.seconds(3)])
        }
    }

    @Test func retryAfterHTTPDateIsObeyed() async throws {
        try await Fixture.withFake { openai in
            // Fixture clock: 2026-01-01T00:00:00Z.
            await openai.failNext(count: 1, status: 503, headers: ["retry-after": "Thu, 01 Jan 2026 00:00:07 GMT"])
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(await recorder.waits == [.seconds(7)])
        }
    }

    @Test(arguments: ["0", "-3", "Thu, 01 Jan 2026 00:00:00 GMT", "soon"])
    func pastZeroOrUnreadableWaitsFallBackToBackoff(header: String) async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 1, status: 429, headers: ["retry-after": header])
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(await recorder.waits == [.ms(500)])
        }
    }

    @Test(arguments: [["retry-after": "120"], ["retry-after-ms": "61000"], ["retry-after": "Thu, 01 Jan 2026 00:05:00 GMT"]])
    func waitsOverSixtySecondsStopWithATransientErrorCarryingTheWait(headers: [String: String]) async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 1, status: 429, headers: headers)
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .rateLimited)
            #expect((error.retryAfter ?? .zero) > .seconds(60))
            #expect(await openai.requests().count == 1)
            #expect(await recorder.waits.isEmpty)
        }
    }

    @Test func exhaustedRetriesKeepTheServersWait() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 3, status: 429, headers: ["retry-after": "2"])
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.retryDisposition == .transient(retryAfter: .seconds(2)))
            #expect(error.description.contains("retry after 2 s"))
        }
    }

    // MARK: - Transport failures

    @Test func slowAnswerTimesOutAndIsRetried() async throws {
        try await Fixture.withFake { openai in
            await openai.delayNext(.seconds(10))
            let recorder = SleepRecorder()
            // Long enough for the undelayed retry to answer on a loaded 2-core CI machine.
            let client = try Fixture.client(openai, Fixture.configuration(recorder, timeout: .seconds(5)))
            let reply = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(reply.content == "Thanks! I got your 2 lines.")
            // On a loaded machine the undelayed retry may time out too and be retried again.
            #expect(await openai.requests().count >= 2)
            #expect(await recorder.waits.first == .ms(500))
        }
    }

    @Test func timeoutsThatPersistEndTransient() async throws {
        try await Fixture.withFake { openai in
            await openai.delayNext(.seconds(5))
            await openai.delayNext(.seconds(5))
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder, maxRetries: 1, timeout: .milliseconds(300)))
            let started = ContinuousClock.now
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            // Without the timeout both attempts would wait out their 5 s delays (10 s); 9 s leaves
            // a 2-core machine running the whole suite room (it once took 4.2 s there).
            #expect(ContinuousClock.now - started < .seconds(9))
            #expect(error.kind == .timeout)
            #expect(error.retryDisposition == .transient(retryAfter: nil))
            #expect(error.attempts == 2)
            #expect(await recorder.waits == [.ms(500)])
        }
    }

    @Test func connectionRefusedIsRetriedThenTransient() async throws {
        let openai = try await FakeOpenAI.start()
        let deadURL = openai.baseURL
        try await openai.stop()
        let recorder = SleepRecorder()
        // AsyncHTTPClient keeps retrying the connection until the request deadline, hence the short timeout.
        let client = try OpenAIResponsesClient(
            httpClient: .shared, baseURL: deadURL, configuration: Fixture.configuration(recorder, timeout: .milliseconds(300)))
        let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
        #expect(error.kind == .network)
        #expect(error.retryDisposition == .transient(retryAfter: nil))
        #expect(error.attempts == 3)
        #expect(await recorder.waits == [.ms(500), .ms(1000)])
    }
}
