import Foundation
@testable import OpenAIResponses
import RepliesCore
import TestFakes
import Testing

@Suite struct ResponseParsingTests {
    @Test func mapsTheReplyAndUsage() async throws {
        try await Fixture.withFake { openai in
            await openai.setResponder { _ in
                FakeOpenAI.Reply(
                    content: "  Friday at 10 works.\n", handOffToHuman: true, handOffToHumanReason: "wants a call",
                    taskComplete: true, usage: FakeOpenAI.Usage(inputTokens: 321, outputTokens: 45, reasoningTokens: 30))
            }
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let reply = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(reply == ModelReply(
                content: "Friday at 10 works.", handOffToHuman: true, handOffToHumanReason: "wants a call",
                taskComplete: true, usage: TokenUsage(prompt: 321, completion: 45, total: 366)))
        }
    }

    @Test func defaultFakeReplyCountsTheUserLines() async throws {
        try await Fixture.withFake { openai in
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let reply = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(reply.content == "Thanks! I got your 2 lines.")
            #expect(reply.handOffToHuman == false)
            #expect(reply.handOffToHumanReason == nil)
            #expect(reply.usage.prompt > 0 && reply.usage.total == reply.usage.prompt + reply.usage.completion)
        }
    }

    @Test(arguments: [#""""#, #""   ""#, "null"])
    func blankOrNullReasonIsNil(reason: String) async throws {
        let text = #"{"content":"Ok","hand_off_to_human":true,"hand_off_to_human_reason":\#(reason),"task_complete":false}"#
        let reply = try await replyTo(raw: FakeOpenAI.responseBody(replyText: text))
        #expect(reply.handOffToHumanReason == nil)
        #expect(reply.handOffToHuman)
    }

    @Test func aggregatesEveryOutputTextPartOfEveryMessageItem() async throws {
        // The reply JSON is split over two message items and three parts, with a reasoning item
        // first and a tool item between: only the SDK's output_text aggregation rebuilds it.
        let body = #"""
        {"id":"resp_1","object":"response","created_at":1767225600,"status":"completed","model":"gpt-5-mini-2025-08-07",
         "output":[
          {"id":"rs_1","type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"IGNORED"}]},
          {"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[
            {"type":"output_text","text":"{\"content\":\"Hel","annotations":[]},
            {"type":"output_text","text":"lo there\",\"hand_off_to_human\":false,","annotations":[]}]},
          {"id":"ws_1","type":"web_search_call","status":"completed","action":{"type":"search","query":"IGNORED"}},
          {"id":"msg_2","type":"message","status":"completed","role":"assistant","content":[
            {"type":"output_text","text":"\"hand_off_to_human_reason\":null,\"task_complete\":true}","annotations":[]}]}],
         "usage":{"input_tokens":100,"input_tokens_details":{"cached_tokens":64},"output_tokens":20,
                  "output_tokens_details":{"reasoning_tokens":8},"total_tokens":120}}
        """#
        let reply = try await replyTo(raw: body)
        #expect(reply == ModelReply(
            content: "Hello there", handOffToHuman: false, handOffToHumanReason: nil, taskComplete: true,
            usage: TokenUsage(prompt: 100, completion: 20, total: 120)))
    }

    @Test func missingUsageIsZero() async throws {
        let body = #"{"status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":\#(try quoted(Fixture.replyJSON("Hi")))}]}]}"#
        let reply = try await replyTo(raw: body)
        #expect(reply.usage == TokenUsage(prompt: 0, completion: 0, total: 0))
        #expect(reply.content == "Hi")
    }

    @Test func codeFencedReplyFromALocalModelIsAccepted() async throws {
        let reply = try await replyTo(raw: FakeOpenAI.responseBody(replyText: "```json\n\(Fixture.replyJSON("Fenced"))\n```"))
        #expect(reply.content == "Fenced")
    }

    @Test func refusalIsPermanentAndNotRetried() async throws {
        try await Fixture.withFake { openai in
            await openai.respondNextWithRaw(#"""
            {"status":"completed","output":[{"type":"reasoning","summary":[]},{"type":"message","role":"assistant",
             "content":[{"type":"refusal","refusal":"I'm sorry, I can't help with that."}]}]}
            """#)
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .refusal)
            #expect(error.retryDisposition == .permanent)
            #expect(!error.description.contains("sorry"))
            #expect(await openai.requests().count == 1)
        }
    }

    @Test func incompleteNamesTheReason() async throws {
        try await Fixture.withFake { openai in
            await openai.respondNextWithRaw(#"""
            {"status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"output":[{"type":"reasoning","summary":[]}]}
            """#)
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .incomplete)
            #expect(error.code == "max_output_tokens")
            #expect(error.retryDisposition == .permanent)
            #expect(error.description.contains("max_output_tokens"))
            #expect(error.requestId?.hasPrefix("req_") == true)
            #expect(await openai.requests().count == 1)
        }
    }

    @Test(arguments: [("server_error", true), ("invalid_prompt", false)])
    func failedCarriesTheErrorCode(code: String, transient: Bool) async throws {
        try await Fixture.withFake { openai in
            await openai.respondNextWithRaw(#"{"status":"failed","error":{"code":"\#(code)","message":"Something went wrong."},"output":[]}"#)
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .failed)
            #expect(error.code == code)
            #expect(error.isTransient == transient)
            #expect(error.description.contains(code))
        }
    }

    @Test func unfinishedStatusIsAnError() async throws {
        let error = try await failureFor(raws: [#"{"status":"in_progress","output":[]}"#])
        #expect(error?.kind == .unexpectedResponseStatus)
        #expect(error?.code == "in_progress")
    }

    // MARK: - Unusable answers: retried once, then permanent

    @Test func invalidJSONIsRetriedOnceThenPermanent() async throws {
        try await Fixture.withFake { openai in
            await openai.respondNextWithRaw(#"{"id":"resp_1","status":"compl"#)
            await openai.respondNextWithRaw("<html>Bad gateway</html>")
            let recorder = SleepRecorder()
            let client = try Fixture.client(openai, Fixture.configuration(recorder))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .invalidResponse)
            #expect(error.retryDisposition == .permanent)
            #expect(error.attempts == 2)
            #expect(error.description.contains("not JSON"))
            #expect(await openai.requests().count == 2)
        }
    }

    @Test func invalidJSONOnceThenAValidAnswerSucceeds() async throws {
        try await Fixture.withFake { openai in
            await openai.respondNextWithRaw(#"{"id":"resp_1","#)
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let reply = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(reply.content == "Thanks! I got your 2 lines.")
            #expect(await openai.requests().count == 2)
        }
    }

    @Test(arguments: [
        (#"{"content":"Hi"}"#, "missing 'hand_off_to_human'"),
        (#"{"content":"Hi","hand_off_to_human":"no","hand_off_to_human_reason":null,"task_complete":false}"#, "wrong type for 'hand_off_to_human'"),
        (#"Sure! Here is your answer."#, "not JSON"),
        (#"["Hi"]"#, "wrong type"),
        ("", "no output_text"),
    ])
    func schemaBreakingReplyIsRetriedOnceThenPermanent(text: String, detail: String) async throws {
        try await Fixture.withFake { openai in
            await openai.respondNextWithRaw(FakeOpenAI.responseBody(replyText: text))
            await openai.respondNextWithRaw(FakeOpenAI.responseBody(replyText: text))
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let error = try #require(await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) })
            #expect(error.kind == .invalidReply)
            #expect(error.retryDisposition == .permanent)
            #expect(error.description.contains(detail))
            #expect(await openai.requests().count == 2)
        }
    }

    @Test func schemaBreakingReplyOnceThenAValidOneSucceeds() async throws {
        try await Fixture.withFake { openai in
            await openai.respondNextWithRaw(FakeOpenAI.responseBody(replyText: #"{"content":"Hi"}"#))
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            let reply = try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            #expect(reply.content == "Thanks! I got your 2 lines.")
            #expect(await openai.requests().count == 2)
        }
    }

    // MARK: - Helpers

    private func replyTo(raw body: String) async throws -> ModelReply {
        let openai = try await FakeOpenAI.start()
        do {
            await openai.respondNextWithRaw(body)
            let reply = try await Fixture.client(openai, Fixture.configuration(SleepRecorder()))
                .reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
            try await openai.stop()
            return reply
        } catch {
            try await openai.stop()
            throw error
        }
    }

    private func failureFor(raws: [String]) async throws -> OpenAIError? {
        var error: OpenAIError?
        try await Fixture.withFake { openai in
            for raw in raws { await openai.respondNextWithRaw(raw) }
            let client = try Fixture.client(openai, Fixture.configuration(SleepRecorder()))
            error = await Fixture.failure { try await client.reply(to: Fixture.prompt, apiKey: Fixture.apiKey) }
        }
        return error
    }

    /// `text` as a JSON string literal.
    private func quoted(_ text: String) throws -> String {
        String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
    }
}
