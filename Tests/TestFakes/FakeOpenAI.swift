import Hummingbird
package import Logging
import RepliesCore

/// A local OpenAI Responses API on 127.0.0.1 (free port) that validates requests as the real
/// service does, records them, and answers with real-shaped response objects. Failures, delays
/// and raw bodies can be scripted for the next requests.
///
/// ```swift
/// let openai = try await FakeOpenAI.start(apiKey: "sk-test-0000")
/// defer { Task { try await openai.stop() } }
/// await openai.failNext(count: 1, status: 429, headers: ["retry-after-ms": "20"])
/// // point the client (or OPENAI_BASE_URL) at openai.baseURL
/// let bodies = await openai.requests().map(\.body)
/// ```
package final class FakeOpenAI: Sendable {
    package static let defaultAPIKey = "sk-test-fake-openai-key-0000"

    /// `http://127.0.0.1:PORT/v1`, the value for `OPENAI_BASE_URL`.
    package let baseURL: String
    package let port: Int
    package let apiKey: String
    let state: FakeOpenAIState
    private let server: LoopbackServer

    private init(port: Int, apiKey: String, state: FakeOpenAIState, server: LoopbackServer) {
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)/v1"
        self.apiKey = apiKey
        self.state = state
        self.server = server
    }

    /// Starts the server on a free loopback port and returns once it accepts connections.
    package static func start(apiKey: String = defaultAPIKey, logger: Logger? = nil) async throws -> FakeOpenAI {
        let state = FakeOpenAIState(apiKey: apiKey)
        // One responder for every path: OpenAI answers unknown paths with its own JSON 404,
        // and the request is recorded either way so tests can see a wrong path.
        let server = try await LoopbackServer.start(name: "FakeOpenAI", logger: logger) { request, _ in
            try await FakeOpenAIServer.handle(request, state: state)
        }
        return FakeOpenAI(port: server.port, apiKey: apiKey, state: state, server: server)
    }

    /// Stops the server; requests still waiting on a scripted delay are cut off.
    package func stop() async throws {
        await server.stop()
    }

    // MARK: - Inspection and scripting

    /// Every request received so far, in arrival order, including rejected ones.
    package func requests() async -> [Request] { await state.recorded }

    package func clearRequests() async { await state.clearRequests() }

    /// From now on, also refuse (400, in OpenAI's error shape) a request that breaks the
    /// engine's own rules: no `max_output_tokens` (every call must be bounded), or the trusted
    /// "Initial context" block in an `input` message instead of the instructions. End-to-end
    /// tests turn this on so that every model call of the real binary is checked.
    package func enforceEngineContract() async { await state.enforceEngineContract() }

    /// Replaces the model: called for each valid request that no script intercepts.
    package func setResponder(_ responder: @escaping Responder) async { await state.setResponder(responder) }

    /// The next `count` valid requests fail with `status`; `body` defaults to OpenAI's error body
    /// for that status.
    package func failNext(count: Int = 1, status: Int, body: String? = nil, headers: [String: String] = [:]) async {
        let answer = FakeOpenAIAnswer(status: status, headers: headers, body: body ?? Self.defaultErrorBody(status: status))
        await state.failNext(answer, count: count)
    }

    /// The next request waits this long before it is handled (to push a client past its timeout).
    package func delayNext(_ delay: Duration) async { await state.delayNext(delay) }

    /// The next valid request is answered with exactly this body (truncated JSON, odd shapes, a
    /// reply text that breaks the schema...).
    package func respondNextWithRaw(_ body: String, status: Int = 200, headers: [String: String] = [:]) async {
        await state.respondNextWithRaw(FakeOpenAIAnswer(status: status, headers: headers, body: body))
    }

    // MARK: - Bodies for scripts

    /// An OpenAI error body: `{"error":{"message","type","param","code"}}`.
    package static func errorBody(message: String, type: String, param: String? = nil, code: String? = nil) -> String {
        FakeOpenAIJSON.errorBody(message: message, type: type, param: param, code: code)
    }

    /// The 429 OpenAI sends when the account is out of credit: never worth retrying.
    package static let insufficientQuotaBody = errorBody(
        message: "You exceeded your current quota, please check your plan and billing details.",
        type: "insufficient_quota", code: "insufficient_quota")

    package static func defaultErrorBody(status: Int) -> String {
        switch status {
        case 429:
            errorBody(message: "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.", type: "requests", code: "rate_limit_exceeded")
        case 503:
            errorBody(message: "The engine is currently overloaded, please try again later.", type: "service_unavailable_error", code: "server_is_overloaded")
        case 500...:
            errorBody(message: "The server had an error while processing your request. Sorry about that!", type: "server_error")
        default:
            errorBody(message: "Scripted failure with status \(status).", type: "invalid_request_error")
        }
    }

    /// A completed response object whose message carries exactly `replyText` (which may break
    /// the reply schema on purpose), as OpenAI would send it.
    package static func responseBody(replyText: String, usage: Usage = Usage(inputTokens: 10, outputTokens: 5)) -> String {
        let request = Request(method: "POST", path: "/v1/responses", headers: [:], rawBody: #"{"model":"gpt-5-mini","input":[]}"#)
        return FakeOpenAIResponseObject.completed(for: request, text: replyText, usage: usage, sequence: 0)
    }
}
