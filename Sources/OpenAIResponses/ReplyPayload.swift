import Foundation

/// The model's answer text read as the reply schema:
/// `{content: string, hand_off_to_human: bool, hand_off_to_human_reason: string|null, task_complete: bool}`.
///
/// OpenAI's strict mode guarantees the shape; compatible local servers may not, so anything
/// that breaks it is an ``OpenAIError/Kind/invalidReply`` (which the client retries once).
/// Two leniencies cost nothing: a missing reason reads as null, and a Markdown code fence
/// around the JSON (common with local models) is removed.
///
/// ```swift
/// let payload = try ReplyPayload.parse(#"{"content":"Hi","hand_off_to_human":false,"hand_off_to_human_reason":null,"task_complete":false}"#, requestId: nil)
/// ```
struct ReplyPayload: Decodable, Hashable {
    var content: String
    var handOffToHuman: Bool
    /// Nil when null, missing or blank.
    var reason: String?
    var taskComplete: Bool

    private enum CodingKeys: String, CodingKey {
        case content
        case handOffToHuman = "hand_off_to_human"
        case reason = "hand_off_to_human_reason"
        case taskComplete = "task_complete"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decode(String.self, forKey: .content)
        handOffToHuman = try container.decode(Bool.self, forKey: .handOffToHuman)
        let reason = try container.decodeIfPresent(String.self, forKey: .reason)?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.reason = reason?.isEmpty == false ? reason : nil
        taskComplete = try container.decode(Bool.self, forKey: .taskComplete)
    }

    static func parse(_ text: String, requestId: String?) throws -> ReplyPayload {
        let json = unfenced(text)
        guard !json.isEmpty else {
            throw ResponseParser.invalid(.invalidReply, "no output_text in the response", requestId)
        }
        do {
            return try JSONDecoder().decode(ReplyPayload.self, from: Data(json.utf8))
        } catch {
            throw ResponseParser.invalid(.invalidReply, schemaDetail(error), requestId)
        }
    }

    static func unfenced(_ text: String) -> String {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix("```"), body.hasSuffix("```"), body.count >= 6 else { return body }
        body = String(body.dropFirst(3).dropLast(3))
        // Drop the info string ("json") on the opening fence line.
        if let newline = body.firstIndex(of: "\n") { body = String(body[body.index(after: newline)...]) }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Which rule the text broke, without quoting it (it is model output).
    private static func schemaDetail(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "missing '\(key.stringValue)'"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            "wrong type for '\(context.codingPath.last?.stringValue ?? "reply")'"
        case .dataCorrupted(let context)? where context.codingPath.isEmpty: "the text is not JSON"
        default: "the text is not a reply object"
        }
    }
}
