import Foundation
package import RepliesCore

extension FakeOpenAI {
    /// One request as the fake received it, valid or not, for assertions.
    ///
    /// ```swift
    /// let request = try #require(await openai.requests().last)
    /// #expect(request.body?.mapValue?.bool("store") == false)
    /// #expect(request.input.map(\.role) == ["user", "assistant", "user"])
    /// ```
    package struct Request: Sendable, Hashable {
        /// One `input[]` message, with array content flattened to its text parts.
        package struct InputMessage: Sendable, Hashable {
            package var role: String
            package var content: String
        }

        package var method: String
        /// Path as sent, query included (`/v1/responses`).
        package var path: String
        /// Header names lowercased; repeated headers keep the first value.
        package var headers: [String: String]
        package var rawBody: String
        /// The body parsed as JSON; nil when it is not JSON.
        package var body: RecordValue?

        package init(method: String, path: String, headers: [String: String], rawBody: String) {
            self.method = method
            self.path = path
            self.headers = headers
            self.rawBody = rawBody
            self.body = FakeOpenAIJSON.parse(rawBody)
        }

        package var authorization: String? { headers["authorization"] }
        package var fields: Record { body?.mapValue ?? [:] }
        package var model: String? { fields.string("model") }
        package var instructions: String? { fields.string("instructions") }
        package var safetyIdentifier: String? { fields.string("safety_identifier") }

        package var input: [InputMessage] {
            (fields.list("input") ?? []).compactMap { item in
                guard let message = item.mapValue, let role = message.string("role") else { return nil }
                return InputMessage(role: role, content: Self.text(of: message["content"]))
            }
        }

        /// The last user message: the batch's merged turn when the client follows the contract.
        package var newestUserTurn: String? { input.last(where: { $0.role == "user" })?.content }

        static func text(of content: RecordValue?) -> String {
            switch content {
            case .string(let text)?: text
            case .list(let parts)?: parts.compactMap { $0.mapValue?.string("text") }.joined()
            default: ""
            }
        }
    }
}

/// JSON text <-> ``RecordValue`` for the fake's bodies.
enum FakeOpenAIJSON {
    static func parse(_ text: String) -> RecordValue? {
        try? JSONDecoder().decode(RecordValue.self, from: Data(text.utf8))
    }

    static func text(_ value: RecordValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The error body OpenAI sends: `{"error":{"message","type","param","code"}}`.
    static func errorBody(message: String, type: String, param: String? = nil, code: String? = nil) -> String {
        text(.map([
            "error": .map([
                "message": .string(message),
                "type": .string(type),
                "param": param.map(RecordValue.string) ?? .null,
                "code": code.map(RecordValue.string) ?? .null,
            ]),
        ]))
    }
}
