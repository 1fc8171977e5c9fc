import Foundation
@testable import OpenAIResponses
import RepliesCore
import TestFakes
import InMemoryBackend
import Testing

@Suite struct ErrorReportingTests {
    @Test func wrongKeyIsPermanentAndNeverQuotesTheKey() async throws {
        try await Fixture.withFake { openai in
            let wrongKey = "sk-proj-wrongwrongwrong-9876"
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: wrongKey) })
            #expect(error.kind == .authentication)
            #expect(error.retryDisposition == .permanent)
            #expect(error.code == "invalid_api_key")
            let text = error.description
            #expect(text.contains("HTTP 401"))
            #expect(text.contains("Incorrect API key provided"))
            #expect(text.contains("request id req_"))
            #expect(text.contains("ai_api_key"))
            #expect(!text.contains(wrongKey))
            #expect(!text.contains("9876"))
            #expect(!text.contains("sk-pr"))
            #expect(await openai.requests().count == 1)
        }
    }

    @Test func scrubRemovesTheKeyAndAnySkToken() {
        let key = "sk-abcdefghijklmnop"
        #expect(StatusErrors.scrub("bad \(key) and sk-ab***mnop here", apiKey: key) == "bad *** and sk-*** here")
        #expect(StatusErrors.scrub("token gsk_live_1234 stays", apiKey: "gsk_live_1234") == "token *** stays")
    }

    @Test func openAIMessageAndCodeAreInTheDescription() async throws {
        try await Fixture.withFake { openai in
            let body = FakeOpenAI.errorBody(
                message: "The model `gpt-9` does not exist or you do not have access to it.", type: "invalid_request_error",
                code: "model_not_found")
            await openai.failNext(count: 1, status: 404, body: body, headers: ["x-request-id": "req_abc123"])
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.requestId == "req_abc123")
            #expect(error.description == """
                OpenAI: model or endpoint not found (HTTP 404, code model_not_found, "The model `gpt-9` does not exist \
                or you do not have access to it.", request id req_abc123). Check ai_config.model and OPENAI_BASE_URL.
                """)
        }
    }

    @Test func nonJSONErrorBodyStillClassifies() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 3, status: 502, body: "<html>502 Bad Gateway</html>")
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .serverError)
            #expect(error.code == nil)
            #expect(error.isTransient)
            #expect(error.description.contains("3 attempts"))
        }
    }

    @Test func numericErrorCodesFromLocalServersAreRead() {
        let detail = APIErrorDetail.parse(Data(#"{"error":{"code":400,"message":"bad","type":"invalid_request_error"}}"#.utf8))
        #expect(detail == APIErrorDetail(message: "bad", type: "invalid_request_error", code: "400"))
    }

    @Test func classifiesForTheCore() {
        let transient = OpenAIError(kind: .rateLimited, retryDisposition: .transient(retryAfter: .seconds(90)))
        #expect(RetryDisposition.of(transient) == .transient(retryAfter: .seconds(90)))
        #expect(RetryDisposition.of(OpenAIError(kind: .refusal, retryDisposition: .permanent)) == .permanent)
    }

    @Test func backoffAndDateParsingMatchTheSDK() {
        let policy = RetryPolicy(configuration: OpenAIResponsesConfiguration(random: { 0.5 }, clock: ManualClock(Date(timeIntervalSince1970: 0))))
        #expect(policy.backoff(retry: 0) == .milliseconds(438))
        #expect(policy.backoff(retry: 10) == .milliseconds(7000))
        #expect(RetryPolicy.httpDate("Wed, 21 Oct 2015 07:28:00 GMT") == Date(timeIntervalSince1970: 1_445_412_480))
        #expect(RetryPolicy.httpDate("21/10/2015") == nil)
    }
}
