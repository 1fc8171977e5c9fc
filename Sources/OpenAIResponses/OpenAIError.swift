package import RepliesCore

/// Why an OpenAI Responses call failed, classified for the core's retry logic.
///
/// Transient errors (rate limits, 5xx, network, timeouts, 408/409) are thrown only after the
/// client's own retries are used up; permanent ones (bad key, bad request, no quota, refusal,
/// an answer that keeps breaking the reply schema) are never worth repeating.
///
/// ```swift
/// do { reply = try await model.reply(to: prompt, apiKey: key) }
/// catch let error as OpenAIError where error.kind == .insufficientQuota { alertBilling(error.description) }
/// ```
package struct OpenAIError: Error, RetryClassifying, CustomStringConvertible, Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        /// 401: the API key is wrong, revoked or missing.
        case authentication
        /// 403: the key may not use this model, project or region.
        case permissionDenied
        /// 404: unknown model or endpoint (often a wrong `OPENAI_BASE_URL`).
        case notFound
        /// 400: the request was rejected as malformed.
        case badRequest
        /// 422: the request was well-formed but could not be processed.
        case unprocessable
        /// 408 from the server.
        case requestTimeout
        /// 409: a lock or conflict on OpenAI's side.
        case conflict
        /// 429 rate limit (requests or tokens per minute).
        case rateLimited
        /// 429 `insufficient_quota`: no credit left; retrying never helps.
        case insufficientQuota
        /// 5xx.
        case serverError
        /// Any other non-2xx status.
        case unexpectedStatus
        /// The server could not be reached or dropped the connection.
        case network
        /// No complete answer within the per-request timeout.
        case timeout
        /// The model refused to answer.
        case refusal
        /// `status: incomplete` (`max_output_tokens` or `content_filter`).
        case incomplete
        /// `status: failed`, with OpenAI's `error.code`.
        case failed
        /// A `status` other than completed, incomplete or failed (queued, in_progress, cancelled).
        case unexpectedResponseStatus
        /// The body is not a Responses API object (truncated, not JSON, wrong shape).
        case invalidResponse
        /// The model's text does not match the reply schema.
        case invalidReply
        /// The configured base URL is not an http(s) URL.
        case invalidBaseURL
    }

    package let kind: Kind
    package let retryDisposition: RetryDisposition
    /// HTTP status of the last attempt, when there was a response.
    package let httpStatus: Int?
    /// OpenAI's `error.code` (or `error.type` when there is no code), or the incomplete reason.
    package let code: String?
    /// OpenAI's `error.message` or a parse detail, with API keys scrubbed out. Never model text.
    package let message: String?
    /// The `x-request-id` response header, which OpenAI support asks for.
    package let requestId: String?
    /// HTTP attempts made before giving up.
    package let attempts: Int

    package init(
        kind: Kind, retryDisposition: RetryDisposition, httpStatus: Int? = nil, code: String? = nil,
        message: String? = nil, requestId: String? = nil, attempts: Int = 1
    ) {
        self.kind = kind
        self.retryDisposition = retryDisposition
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.requestId = requestId
        self.attempts = attempts
    }

    /// The wait the server asked for, when the error is transient and the server said so.
    package var retryAfter: Duration? {
        if case .transient(let wait) = retryDisposition { return wait }
        return nil
    }

    package var isTransient: Bool {
        if case .transient = retryDisposition { return true }
        return false
    }

    /// The same error after `attempts` HTTP attempts (the retry loop knows the count, the parser does not).
    func after(attempts: Int) -> OpenAIError {
        OpenAIError(
            kind: kind, retryDisposition: retryDisposition, httpStatus: httpStatus, code: code,
            message: message, requestId: requestId, attempts: attempts)
    }

    package var description: String {
        var text = "OpenAI: \(summary)"
        var facts: [String] = []
        if let httpStatus { facts.append("HTTP \(httpStatus)") }
        if let code { facts.append("code \(code)") }
        if let message, !message.isEmpty { facts.append("\"\(message)\"") }
        if attempts > 1 { facts.append("\(attempts) attempts") }
        if let retryAfter { facts.append("retry after \(retryAfter.secondsText) s") }
        if let requestId { facts.append("request id \(requestId)") }
        if !facts.isEmpty { text += " (\(facts.joined(separator: ", ")))" }
        return text + ". " + advice
    }

    /// What happened, in a few words; first, so the core's 300-character failure reason keeps it.
    private var summary: String {
        switch kind {
        case .authentication: "the API key was rejected"
        case .permissionDenied: "the API key may not use this model or project"
        case .notFound: "model or endpoint not found"
        case .badRequest: "the request was rejected as invalid"
        case .unprocessable: "the request could not be processed"
        case .requestTimeout: "the server timed the request out"
        case .conflict: "the request conflicted with another one"
        case .rateLimited: "rate limited"
        case .insufficientQuota: "the account has no quota or credit left"
        case .serverError: "server error"
        case .unexpectedStatus: "unexpected HTTP status"
        case .network: "the server could not be reached"
        case .timeout: "no answer within the request timeout"
        case .refusal: "the model refused to answer"
        case .incomplete: "the model stopped before finishing its answer"
        case .failed: "the response failed"
        case .unexpectedResponseStatus: "the response is not finished"
        case .invalidResponse: "the answer is not a Responses API object"
        case .invalidReply: "the model's answer does not match the reply schema"
        case .invalidBaseURL: "the base URL is not a valid http(s) URL"
        }
    }

    private var advice: String {
        switch kind {
        case .authentication: "Check the company's ai_api_key secret."
        case .permissionDenied: "Give the key's project access to the model (ai_config.model) or use another key."
        case .notFound: "Check ai_config.model and OPENAI_BASE_URL."
        case .badRequest, .unprocessable: "Fix the request (model name, instructions, history size); retrying will not help."
        case .requestTimeout, .conflict, .serverError, .network, .timeout, .unexpectedStatus:
            isTransient ? "Retry later; if it persists check the provider's status and OPENAI_BASE_URL." : "The server asked not to retry this request."
        case .rateLimited: isTransient ? "Retry later or raise the account's rate limits." : "The server asked not to retry this request."
        case .insufficientQuota: "Add credit or raise the spend limit; retrying will not help."
        case .refusal: "A human should answer this conversation."
        case .incomplete: "Raise max_output_tokens or shorten the instructions and history."
        case .failed: isTransient ? "Retry later." : "Check the request and the model; retrying will not help."
        case .unexpectedResponseStatus: "The engine does not use background responses; check the server."
        case .invalidResponse: "Check that OPENAI_BASE_URL points to a /v1/responses-compatible server."
        case .invalidReply: "Check that the model supports structured outputs and that the instructions ask for the reply JSON."
        case .invalidBaseURL: "Set OPENAI_BASE_URL to a URL such as https://api.openai.com/v1."
        }
    }
}
