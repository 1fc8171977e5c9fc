import Foundation
import Hummingbird

/// A local stand-in for SendGrid's v3 Mail Send API (`POST /v3/mail/send`) that checks requests
/// the way SendGrid does (its documented "Mail Send errors"): Bearer API key (401), a JSON
/// object in UTF-8 (400/415), at most 30 MB (413), personalizations with valid, unique
/// recipients, a valid `from`, a non-empty subject and content (`text/plain` before
/// `text/html`), string-valued `headers` without reserved keys (`To`, `From`, `Subject`,
/// `Content-Type`, …) and string-valued, non-empty `custom_args` under 10,000 bytes. Accepted
/// mail gets `202 Accepted` with an `X-Message-Id` header and is recorded. It listens on a real
/// loopback port, so the binary under test can use it through `SENDGRID_API_BASE_URL`.
///
/// ```swift
/// let sendGrid = try await FakeSendGrid.start(apiKey: "SG.fake")
/// await sendGrid.failNext(status: 429, message: "too many requests", retryAfter: 2)
/// // … point the client at sendGrid.baseURL …
/// let mail = await sendGrid.sentMail()
/// try await sendGrid.stop()
/// ```
package final class FakeSendGrid: Sendable {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    package let baseURL: String
    package let port: Int
    /// The API key given to ``start(apiKey:port:)``.
    package let apiKey: String
    let state: FakeSendGridState
    private let server: LoopbackServer

    private init(port: Int, apiKey: String, state: FakeSendGridState, server: LoopbackServer) {
        self.port = port
        self.apiKey = apiKey
        self.baseURL = "http://127.0.0.1:\(port)"
        self.state = state
        self.server = server
    }

    /// Starts the fake on 127.0.0.1 and a free port (or `port`) accepting one API key; more can
    /// be added with ``addAPIKey(_:)``.
    package static func start(apiKey: String = "SG.fake-api-key.0000", port: Int = 0) async throws -> FakeSendGrid {
        let state = FakeSendGridState(apiKeys: [apiKey])
        let server = try await LoopbackServer.start(name: "fake-sendgrid", port: port) { request, _ in
            try await Self.respond(to: request, state: state)
        }
        return FakeSendGrid(port: server.port, apiKey: apiKey, state: state, server: server)
    }

    /// Stops the server: delayed answers are released at once, then the port is closed.
    package func stop() async throws {
        await state.markStopping()
        await server.stop()
    }

    package func addAPIKey(_ key: String) async { await state.addAPIKey(key) }

    /// Mail accepted (202), oldest first.
    package func sentMail() async -> [Mail] { await state.allMail() }

    /// Every request received, in order, including refused ones.
    package func requests() async -> [RecordedRequest] { await state.recordedRequests() }

    /// The next `count` requests are answered `status` with SendGrid's error body (and
    /// `Retry-After`/`X-RateLimit-Reset` when given) without being processed: nothing is sent.
    package func failNext(count: Int = 1, status: Int, message: String = "injected failure", retryAfter: Int? = nil, rateLimitReset: Int? = nil) async {
        await state.enqueue(.fail(status: status, message: message, retryAfter: retryAfter, rateLimitReset: rateLimitReset), count: count)
    }

    /// The next `count` requests are processed (a send is recorded) but answered only after
    /// `delay`: a client with a shorter timeout sees the "did it send?" case.
    package func delayNext(_ delay: Duration, count: Int = 1) async { await state.enqueue(.delay(delay), count: count) }

    /// The next `count` requests are processed (a send is recorded), then the connection is
    /// closed without a complete answer.
    package func acceptButDropResponse(count: Int = 1) async { await state.enqueue(.dropResponse, count: count) }

    /// The next `count` valid requests are answered `200` and not sent, as in sandbox mode.
    package func sandboxNext(count: Int = 1) async { await state.enqueue(.sandbox, count: count) }
}

/// The failure the fake throws while writing a response it drops on purpose.
package enum FakeSendGridError: Error, CustomStringConvertible {
    case droppedResponse

    package var description: String { "the fake SendGrid dropped this response on purpose" }
}
