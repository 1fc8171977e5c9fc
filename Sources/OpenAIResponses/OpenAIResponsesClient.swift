package import AsyncHTTPClient
import Foundation
package import Logging
package import RepliesCore

/// The reply model on OpenAI's Responses API, stateless (`store: false`), or on any compatible
/// `/v1/responses` server (llama.cpp, vLLM, Ollama) via the base URL.
///
/// Each call sends instructions, the context block, the bounded history and the new user turn,
/// and demands the strict reply schema. Failures are retried here as the official SDK does;
/// what remains is thrown as an ``OpenAIError`` the core classifies.
///
/// ```swift
/// let model = try OpenAIResponsesClient(httpClient: .shared, baseURL: environment["OPENAI_BASE_URL"])
/// let reply = try await model.reply(to: prompt, apiKey: apiKey)
/// ```
package struct OpenAIResponsesClient: ReplyModel {
    package static let defaultBaseURL = "https://api.openai.com/v1"

    /// The full URL calls are posted to: `{base}/responses`.
    package let endpoint: String
    package let configuration: OpenAIResponsesConfiguration
    /// Evaluated when a request is made, not when the client is: `HTTPClient.shared` starts NIO's
    /// event loops (≈ 2.5 ms of a Lambda cold start) and many processes never send.
    private let makeHTTPClient: @Sendable () -> HTTPClient
    var httpClient: HTTPClient { makeHTTPClient() }
    let policy: RetryPolicy
    let logger: Logger

    /// - Parameters:
    ///   - baseURL: the API root, with or without a trailing slash (`http://127.0.0.1:8080/v1`
    ///     for a local server); nil or blank means ``defaultBaseURL``.
    /// - Throws: ``OpenAIError`` of kind `invalidBaseURL` when it is not an http(s) URL with a host.
    package init(
        httpClient: @escaping @autoclosure @Sendable () -> HTTPClient,
        baseURL: String? = nil,
        configuration: OpenAIResponsesConfiguration = OpenAIResponsesConfiguration(),
        logger: Logger = Logger(label: "replies.openai")
    ) throws {
        self.endpoint = try Self.endpoint(baseURL: baseURL)
        self.makeHTTPClient = httpClient
        self.configuration = configuration
        self.policy = RetryPolicy(configuration: configuration)
        self.logger = logger
    }

    static func endpoint(baseURL: String?) throws -> String {
        var base = baseURL?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if base.isEmpty { base = defaultBaseURL }
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil
        else {
            // The URL is configuration, not a secret, so it may be quoted.
            throw OpenAIError(kind: .invalidBaseURL, retryDisposition: .permanent, message: String(base.prefix(200)))
        }
        return base + "/responses"
    }

    package func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        let body = try ResponsesRequestBody(
            prompt: prompt, maxOutputTokens: configuration.maxOutputTokens, safetyKey: configuration.safetyIdentifierKey).encoded()
        var badAnswers = 0
        var attempts = 0
        while true {
            let answer = try await send(body, apiKey: apiKey, attempts: &attempts)
            do {
                let reply = try ResponseParser.reply(from: answer.body, requestId: answer.requestId)
                logger.debug("OpenAI reply received", metadata: [
                    "request_id": "\(answer.requestId ?? "-")", "attempts": "\(attempts)",
                    "input_tokens": "\(reply.usage.prompt)", "output_tokens": "\(reply.usage.completion)",
                ])
                return reply
            } catch let error as OpenAIError where error.kind == .invalidReply || error.kind == .invalidResponse {
                // Strict mode makes a broken answer rare and usually one-off (a truncated body, a
                // local model's slip): one more call is worth it, a loop is not.
                badAnswers += 1
                guard badAnswers <= configuration.invalidReplyRetries else { throw error.after(attempts: attempts) }
                logger.warning("OpenAI answer unusable, asking again", metadata: [
                    "request_id": "\(answer.requestId ?? "-")", "error": "\(error.message ?? error.kind.rawValue)",
                ])
            }
        }
    }

    /// Time left for attempts before the ``InvocationDeadline`` less the reserve; nil without one.
    func timeLeft() -> Duration? {
        InvocationDeadline.remaining(now: configuration.clock.now()).map { max(.zero, $0 - configuration.deadlineReserve) }
    }

    /// Posts until a 2xx answer or a reason to stop, following the SDK's retry rules, within
    /// the ``InvocationDeadline``: an attempt gets at most the time left, and no attempt starts
    /// (nor backoff is slept) that could not end in time; the call then fails as a transient
    /// timeout. `attempts` counts HTTP attempts across the whole call, for error reports.
    func send(
        _ body: Data, apiKey: String, attempts: inout Int, to url: String? = nil, contentType: String = "application/json"
    ) async throws -> HTTPAnswer {
        var retries = 0
        while true {
            var timeout = configuration.requestTimeout
            if let left = timeLeft() {
                guard left >= configuration.minimumAttempt else {
                    logger.notice("no time left for a model call before the invocation deadline", metadata: ["attempts": "\(attempts)"])
                    throw StatusErrors.error(for: .timeout, disposition: .transient(retryAfter: nil), attempts: attempts)
                }
                timeout = min(timeout, left)
            }
            attempts += 1
            let retryable: Bool
            let requestedWait: Duration?
            let failure: (RetryDisposition) -> OpenAIError
            do {
                let answer = try await HTTPAttempt.post(
                    body, to: url ?? endpoint, apiKey: apiKey, timeout: timeout, using: httpClient, contentType: contentType)
                if answer.isSuccess { return answer }
                let detail = APIErrorDetail.parse(answer.body)
                retryable = RetryPolicy.isRetryable(status: answer.status, headers: answer.headers, error: detail)
                requestedWait = policy.requestedWait(answer.headers)
                failure = { [attempts] in StatusErrors.error(for: answer, detail: detail, disposition: $0, attempts: attempts, apiKey: apiKey) }
            } catch let transport as TransportFailure {
                retryable = true
                requestedWait = nil
                failure = { [attempts] in StatusErrors.error(for: transport, disposition: $0, attempts: attempts) }
            }
            guard retryable else { throw failure(.permanent) }
            if let requestedWait, requestedWait > configuration.maxRetryAfter {
                // Sitting out a long wait would hold the worker; the core reschedules instead.
                throw failure(.transient(retryAfter: requestedWait))
            }
            guard retries < configuration.maxRetries else { throw failure(.transient(retryAfter: requestedWait)) }
            let wait = requestedWait ?? policy.backoff(retry: retries)
            if let left = timeLeft(), wait + configuration.minimumAttempt > left {
                // Another attempt could not finish before the deadline: the batch records this one.
                throw failure(.transient(retryAfter: requestedWait))
            }
            retries += 1
            let error = failure(.transient(retryAfter: requestedWait))
            logger.notice("OpenAI call failed, retrying", metadata: [
                "kind": "\(error.kind.rawValue)", "status": "\(error.httpStatus.map(String.init) ?? "-")",
                "request_id": "\(error.requestId ?? "-")", "retry": "\(retries)", "wait_ms": "\(wait.wholeMilliseconds)",
            ])
            try await configuration.timer.sleep(for: wait)
        }
    }
}
