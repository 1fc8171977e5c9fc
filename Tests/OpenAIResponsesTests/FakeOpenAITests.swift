import AsyncHTTPClient
import Foundation
import RepliesCore
import TestFakes
import Testing
import NIOHTTP1
import NIOCore

/// The fake must reject what OpenAI rejects, or the client tests prove nothing.
@Suite struct FakeOpenAITests {
    static let validBody = #"""
    {"model":"gpt-5-mini","input":[{"role":"developer","content":"Context"},{"role":"user","content":"One\nTwo\nThree"}],
     "text":{"format":{"type":"json_schema","name":"reply","strict":true,"schema":{"type":"object",
       "properties":{"a":{"type":"string"},"b":{"type":"object","properties":{"c":{"type":"boolean"}},"required":["c"],"additionalProperties":false}},
       "required":["a","b"],"additionalProperties":false}}}}
    """#

    @Test func answersAValidRequestWithARealShapedResponse() async throws {
        try await Fixture.withFake { openai in
            let (status, headers, body) = try await post(openai, Self.validBody)
            #expect(status == 200)
            #expect(headers["x-request-id"]?.hasPrefix("req_") == true)
            let object = try #require(body?.mapValue)
            #expect(object.string("object") == "response")
            #expect(object.string("status") == "completed")
            #expect(object.string("id")?.hasPrefix("resp_") == true)
            #expect(object.int("created_at") != nil)
            let output = try #require(object.list("output"))
            #expect(output.map { $0.mapValue?.string("type") } == ["reasoning", "message"])
            let part = try #require(output[1].mapValue?.list("content")?.first?.mapValue)
            #expect(part.string("type") == "output_text")
            #expect(part["annotations"] == .list([]))
            let reply = try #require(FakeOpenAIJSONProbe.parse(part.string("text") ?? "")?.mapValue)
            #expect(reply.string("content") == "Thanks! I got your 3 lines.")
            let usage = try #require(object.map("usage"))
            #expect(usage.int("total_tokens") == (usage.int("input_tokens") ?? -1) + (usage.int("output_tokens") ?? -1))
            #expect(usage.map("output_tokens_details")?.int("reasoning_tokens") == 0)
            #expect(await openai.requests().first?.model == "gpt-5-mini")
        }
    }

    @Test(arguments: [nil, "Bearer ", "Bearer sk-other-key-00000000", "Basic abc"])
    func rejectsAMissingOrWrongKey(authorization: String?) async throws {
        try await Fixture.withFake { openai in
            let (status, _, body) = try await post(openai, Self.validBody, authorization: authorization)
            #expect(status == 401)
            let error = try #require(body?.mapValue?.map("error"))
            #expect(error.string("type") == "invalid_request_error")
            #expect(error["param"] == .null)
            if authorization == "Bearer sk-other-key-00000000" {
                #expect(error.string("code") == "invalid_api_key")
                #expect(error.string("message")?.hasPrefix("Incorrect API key provided") == true)
            }
        }
    }

    @Test(arguments: [
        ("{not json", "invalid_request_error"),
        (#"{"input":[]}"#, "missing_required_parameter"),
        (#"{"model":7,"input":[]}"#, "invalid_type"),
        (#"{"model":"m","input":"Hello"}"#, "invalid_type"),
        (#"{"model":"m","input":[{"role":"robot","content":"x"}]}"#, "invalid_value"),
        (#"{"model":"m","input":[{"content":"x"}]}"#, "missing_required_parameter"),
        (#"{"model":"m","input":[{"role":"user","content":5}]}"#, "invalid_type"),
        (#"{"model":"m","input":[],"store":"no"}"#, "invalid_type"),
        (#"{"model":"m","input":[],"safety_identifier":"\#(String(repeating: "a", count: 65))"}"#, "string_above_max_length"),
        (#"{"model":"m","input":[],"max_output_tokens":8}"#, "integer_below_min_value"),
    ])
    func rejectsMalformedBodies(body: String, code: String) async throws {
        try await Fixture.withFake { openai in
            let (status, _, answer) = try await post(openai, body)
            #expect(status == 400)
            let error = try #require(answer?.mapValue?.map("error"))
            #expect((error.string("code") ?? error.string("type")) == code)
            #expect(await openai.requests().count == 1)
        }
    }

    @Test(arguments: [
        (#"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a"],"additionalProperties":false}"#, "Missing 'b'"),
        (#"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}"#, "'additionalProperties' is required"),
        (#"{"type":"object","properties":{"n":{"type":["object","null"],"properties":{"x":{"type":"string"}},"required":[],"additionalProperties":false}},"required":["n"],"additionalProperties":false}"#, "context=('properties', 'n')"),
    ])
    func rejectsSchemasStrictModeRefuses(schema: String, problem: String) async throws {
        try await Fixture.withFake { openai in
            let body = #"{"model":"m","input":[],"text":{"format":{"type":"json_schema","name":"reply","strict":true,"schema":\#(schema)}}}"#
            let (status, _, answer) = try await post(openai, body)
            #expect(status == 400)
            let error = try #require(answer?.mapValue?.map("error"))
            #expect(error.string("code") == "invalid_json_schema")
            #expect(error.string("message")?.hasPrefix("Invalid schema for response_format 'reply'") == true)
            #expect(error.string("message")?.contains(problem) == true)
        }
    }

    @Test func nonStrictSchemasNeedNotListEveryProperty() async throws {
        try await Fixture.withFake { openai in
            let schema = #"{"type":"object","properties":{"a":{"type":"string"}}}"#
            let body = #"{"model":"m","input":[],"text":{"format":{"type":"json_schema","name":"reply","strict":false,"schema":\#(schema)}}}"#
            let (status, _, _) = try await post(openai, body)
            #expect(status == 200)
        }
    }

    @Test func unknownPathsAre404() async throws {
        try await Fixture.withFake { openai in
            let (status, _, body) = try await post(openai, Self.validBody, path: "/v1/chat/completions")
            #expect(status == 404)
            #expect(body?.mapValue?.map("error")?.string("message") == "Invalid URL (POST /v1/chat/completions)")
        }
    }

    @Test func scriptedFailuresComeAfterValidationAndInOrder() async throws {
        try await Fixture.withFake { openai in
            await openai.failNext(count: 1, status: 503, headers: ["retry-after": "1"])
            await openai.respondNextWithRaw("{truncated", status: 200)
            #expect(try await post(openai, #"{"input":[]}"#).status == 400)
            let (status, headers, _) = try await post(openai, Self.validBody)
            #expect(status == 503)
            #expect(headers["retry-after"] == "1")
            let raw = try await post(openai, Self.validBody)
            #expect(raw.status == 200 && raw.body == nil)
            #expect(try await post(openai, Self.validBody).status == 200)
        }
    }

    // MARK: - Helpers

    private func post(
        _ openai: FakeOpenAI, _ body: String, authorization: String? = "Bearer \(FakeOpenAI.defaultAPIKey)",
        path: String = "/v1/responses"
    ) async throws -> (status: Int, headers: [String: String], body: RecordValue?) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(openai.port)\(path)")
        request.method = .POST
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Data(body.utf8))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for (name, value) in response.headers { headers[name.lowercased()] = value }
        return (Int(response.status.code), headers, FakeOpenAIJSONProbe.parse(String(decoding: buffer.readableBytesView, as: UTF8.self)))
    }
}

enum FakeOpenAIJSONProbe {
    static func parse(_ text: String) -> RecordValue? {
        try? JSONDecoder().decode(RecordValue.self, from: Data(text.utf8))
    }
}
