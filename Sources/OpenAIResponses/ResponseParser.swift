import Foundation
import RepliesCore

/// Reads a 2xx Responses API body into a ``ModelReply``.
///
/// The text is aggregated exactly as the SDK's `output_text` does (every `output_text` part of
/// every `message` item, concatenated), because `output[]` order depends on the model:
/// reasoning items usually come first.
///
/// ```swift
/// let reply = try ResponseParser.reply(from: body, requestId: "req_123")
/// ```
enum ResponseParser {
    static func reply(from body: Data, requestId: String?) throws -> ModelReply {
        let response: ResponseObject
        do {
            response = try JSONDecoder().decode(ResponseObject.self, from: body)
        } catch {
            throw invalid(.invalidResponse, "body is not a response object: \(decodingDetail(error, body: body))", requestId)
        }
        switch response.status {
        case nil, "completed":
            // Absent status: some compatible servers leave it out of finished responses.
            break
        case "incomplete":
            throw OpenAIError(
                kind: .incomplete, retryDisposition: .permanent,
                code: response.incompleteDetails?.reason ?? "unknown", requestId: requestId)
        case "failed":
            let transientCodes: Set = ["server_error", "rate_limit_exceeded", "vector_store_timeout"]
            let code = response.error?.name
            throw OpenAIError(
                kind: .failed, retryDisposition: code.map(transientCodes.contains) == true ? .transient(retryAfter: nil) : .permanent,
                code: code, message: response.error?.message.map { String($0.prefix(300)) }, requestId: requestId)
        case let status?:
            throw OpenAIError(kind: .unexpectedResponseStatus, retryDisposition: .permanent, code: status, requestId: requestId)
        }

        var text = ""
        for item in response.output ?? [] where item.type == "message" {
            for part in item.content ?? [] {
                switch part.type {
                case "output_text": text += part.text ?? ""
                // The refusal text is model output: kept out of the error, which gets logged.
                case "refusal": throw OpenAIError(kind: .refusal, retryDisposition: .permanent, requestId: requestId)
                default: continue
                }
            }
        }
        let payload = try ReplyPayload.parse(text, requestId: requestId)
        let usage = response.usage.map {
            TokenUsage(prompt: $0.inputTokens ?? 0, completion: $0.outputTokens ?? 0, total: $0.totalTokens ?? ($0.inputTokens ?? 0) + ($0.outputTokens ?? 0))
        } ?? TokenUsage(prompt: 0, completion: 0, total: 0)
        return ModelReply(
            content: payload.content.trimmingCharacters(in: .whitespacesAndNewlines),
            handOffToHuman: payload.handOffToHuman,
            handOffToHumanReason: payload.reason,
            taskComplete: payload.taskComplete,
            usage: usage)
    }

    static func invalid(_ kind: OpenAIError.Kind, _ detail: String, _ requestId: String?) -> OpenAIError {
        OpenAIError(kind: kind, retryDisposition: .permanent, message: detail, requestId: requestId)
    }

    /// Where decoding failed, never what the body said (it may hold model text).
    static func decodingDetail(_ error: any Error, body: Data) -> String {
        guard let error = error as? DecodingError else { return "unreadable (\(body.count) bytes)" }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "not JSON (\(body.count) bytes)"
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "wrong type or missing value at \(path.isEmpty ? "top level" : path)"
        @unknown default: return "unreadable (\(body.count) bytes)"
        }
    }
}

/// The parts of the response object the engine reads; everything else is ignored.
struct ResponseObject: Decodable {
    struct OutputItem: Decodable {
        var type: String?
        var content: [ContentPart]?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            // Only message items matter; other item types may shape `content` differently.
            content = type == "message" ? try container.decodeIfPresent([ContentPart].self, forKey: .content) : nil
        }

        private enum CodingKeys: String, CodingKey { case type, content }
    }

    struct ContentPart: Decodable {
        var type: String?
        var text: String?
    }

    struct Usage: Decodable {
        var inputTokens: Int?
        var outputTokens: Int?
        var totalTokens: Int?

        private enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens", outputTokens = "output_tokens", totalTokens = "total_tokens"
        }
    }

    struct IncompleteDetails: Decodable { var reason: String? }

    var status: String?
    var output: [OutputItem]?
    var usage: Usage?
    var error: APIErrorDetail?
    var incompleteDetails: IncompleteDetails?

    private enum CodingKeys: String, CodingKey {
        case status, output, usage, error
        case incompleteDetails = "incomplete_details"
    }
}
