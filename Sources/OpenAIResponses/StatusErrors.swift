import Foundation
import RepliesCore

/// Builds the ``OpenAIError`` for a failed attempt: HTTP statuses map as the SDK's exceptions do,
/// and OpenAI's own message is kept (with key material scrubbed) because it says what is wrong.
///
/// ```swift
/// throw StatusErrors.error(for: answer, detail: detail, disposition: .permanent, attempts: 1, apiKey: key)
/// ```
enum StatusErrors {
    static func kind(status: Int, detail: APIErrorDetail?) -> OpenAIError.Kind {
        if detail?.isInsufficientQuota == true { return .insufficientQuota }
        switch status {
        case 400: return .badRequest
        case 401: return .authentication
        case 403: return .permissionDenied
        case 404: return .notFound
        case 408: return .requestTimeout
        case 409: return .conflict
        case 422: return .unprocessable
        case 429: return .rateLimited
        case 500...: return .serverError
        default: return .unexpectedStatus
        }
    }

    static func error(
        for answer: HTTPAnswer, detail: APIErrorDetail?, disposition: RetryDisposition, attempts: Int, apiKey: String
    ) -> OpenAIError {
        OpenAIError(
            kind: kind(status: answer.status, detail: detail), retryDisposition: disposition, httpStatus: answer.status,
            code: detail?.name, message: detail?.message.map { scrub($0, apiKey: apiKey) },
            requestId: answer.requestId, attempts: attempts)
    }

    static func error(for failure: TransportFailure, disposition: RetryDisposition, attempts: Int) -> OpenAIError {
        switch failure {
        case .timeout: OpenAIError(kind: .timeout, retryDisposition: disposition, attempts: attempts)
        case .network(let detail): OpenAIError(kind: .network, retryDisposition: disposition, message: detail, attempts: attempts)
        }
    }

    /// OpenAI's 401 message quotes a masked key ("Incorrect API key provided: sk-abc***xyz"):
    /// the key itself and any `sk-` token are removed before the text can reach a log.
    static func scrub(_ message: String, apiKey: String) -> String {
        var text = message
        if apiKey.count >= 4 { text = text.replacingOccurrences(of: apiKey, with: "***") }
        text = text.replacing(/sk-[A-Za-z0-9_*\-]+/, with: "sk-***")
        return String(text.prefix(300))
    }
}
