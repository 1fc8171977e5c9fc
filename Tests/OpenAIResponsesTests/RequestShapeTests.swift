import Foundation
@testable import OpenAIResponses
import RepliesCore
import TestFakes
import Testing
import AsyncHTTPClient

@Suite struct RequestShapeTests {
    @Test func postsTheStatelessRequestWithTheStrictReplySchema() async throws {
        try await Fixture.withFake { openai in
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)

            let requests = await openai.requests()
            let request = try #require(requests.first)
            #expect(requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/responses")
            #expect(request.authorization == "Bearer \(Fixture.apiKey)")
            #expect(request.headers["content-type"] == "application/json")

            let body = request.fields
            #expect(body.string("model") == "gpt-5-mini")
            // Trusted context in the instructions, after the reply instructions.
            #expect(body.string("instructions") == "You answer for Acme Homes. Be brief.\n\n" + Fixture.prompt.context)
            #expect(body["store"] == .bool(false))
            #expect(body.int("max_output_tokens") == OpenAIResponsesConfiguration.defaultMaxOutputTokens)
            #expect(Set(body.keys) == ["model", "instructions", "input", "store", "text", "safety_identifier", "max_output_tokens"])

            let format = try #require(body.map("text")?.map("format"))
            #expect(format.string("type") == "json_schema")
            #expect(format.string("name") == "reply")
            #expect(format.bool("strict") == true)
            let expectedSchema: RecordValue = .map([
                "type": .string("object"),
                "properties": .map([
                    "content": .map(["type": .string("string")]),
                    "hand_off_to_human": .map(["type": .string("boolean")]),
                    "hand_off_to_human_reason": .map(["type": .list([.string("string"), .string("null")])]),
                    "task_complete": .map(["type": .string("boolean")]),
                ]),
                "required": .list([.string("content"), .string("hand_off_to_human"), .string("hand_off_to_human_reason"), .string("task_complete")]),
                "additionalProperties": .bool(false),
            ])
            #expect(format["schema"] == expectedSchema)
        }
    }

    @Test func inputIsHistoryInOrderThenTheNewTurnAndNeverTheContext() async throws {
        try await Fixture.withFake { openai in
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)

            let request = try #require(await openai.requests().first)
            let items = try #require(request.fields.list("input"))
            #expect(items.allSatisfy { Set($0.mapValue?.keys.map { $0 } ?? []) == ["role", "content"] })
            #expect(request.input.map(\.role) == ["user", "assistant", "user"])
            #expect(!request.input.contains { $0.content.contains("Initial context") })
            #expect(request.input.map(\.content) == [
                "Hi, is the flat still available?",
                "Yes, it is. Would you like a viewing?",
                "Yes please\nFriday works",
            ])
        }
    }

    @Test func safetyIdentifierIsTheKeyedHMACNeverTheNumberNorItsBareHash() async throws {
        try await Fixture.withFake { openai in
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)

            let request = try #require(await openai.requests().first)
            #expect(request.safetyIdentifier == Fixture.endUserHMAC)
            #expect(!request.rawBody.contains("7700900123"))
            // SHA-256 of the number alone (`printf '%s' '+447700900123' | sha256sum`): reversible by brute force.
            #expect(!request.rawBody.contains("a8acc3a90a7b4e4dc65e93db9240ed26523050ef754d63b75b5161de76781436"))
        }
    }

    @Test func noSafetyIdentifierWithoutAKey() async throws {
        try await Fixture.withFake { openai in
            var configuration = Fixture.configuration(SleepRecorder())
            configuration.safetyIdentifierKey = nil
            _ = try await Fixture.client(openai, configuration).reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            let request = try #require(await openai.requests().first)
            #expect(request.fields["safety_identifier"] == nil)
        }
    }

    @Test func sendsMaxOutputTokensWhenConfigured() async throws {
        try await Fixture.withFake { openai in
            var configuration = Fixture.configuration(SleepRecorder())
            configuration.maxOutputTokens = 800
            let client = try Fixture.client(openai, configuration)
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)

            let request = try #require(await openai.requests().first)
            #expect(request.fields.int("max_output_tokens") == 800)
        }
    }

    @Test func skipsBlankHistoryTurnsAndAnEmptyContext() async throws {
        try await Fixture.withFake { openai in
            var prompt = Fixture.prompt
            prompt.context = "  "
            prompt.history = [.init(role: .user, text: "First"), .init(role: .assistant, text: "\n"), .init(role: .assistant, text: "Second")]
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            _ = try await client.reply(to: prompt, apiKey: Fixture.apiKey)

            let request = try #require(await openai.requests().first)
            #expect(request.input.map(\.content) == ["First", "Second", "Yes please\nFriday works"])
            #expect(request.instructions == Fixture.prompt.instructions, "a blank context adds nothing")
        }
    }

    @Test(arguments: [
        ("https://api.openai.com/v1", "https://api.openai.com/v1/responses"),
        ("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1/responses"),
        ("http://localhost:11434/v1//", "http://localhost:11434/v1/responses"),
        ("  ", "https://api.openai.com/v1/responses"),
    ])
    func baseURLWithOrWithoutTrailingSlash(base: String, endpoint: String) throws {
        #expect(try OpenAIResponsesClient(httpClient: .shared, baseURL: base).endpoint == endpoint)
    }

    @Test func defaultBaseURLIsOpenAI() throws {
        #expect(try OpenAIResponsesClient(httpClient: .shared).endpoint == "https://api.openai.com/v1/responses")
    }

    @Test(arguments: ["ftp://example.com/v1", "not a url", "127.0.0.1:8080/v1", "http:///v1"])
    func rejectsBaseURLsThatAreNotHTTP(base: String) {
        #expect(throws: OpenAIError.self) { try OpenAIResponsesClient(httpClient: .shared, baseURL: base) }
    }

    @Test func trailingSlashBaseReachesTheFake() async throws {
        try await Fixture.withFake { openai in
            let client = try OpenAIResponsesClient(
                httpClient: .shared, baseURL: openai.baseURL + "/", configuration: Fixture.configuration(SleepRecorder()))
            _ = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(await openai.requests().map(\.path) == ["/v1/responses"])
        }
    }
}
