package import Foundation
import Hummingbird

/// A local stand-in for Twilio's Messages API (`POST`/`GET /2010-04-01/Accounts/{Sid}/Messages.json`)
/// that checks requests as Twilio does: Basic auth (401, code 20003), missing `To`/`From`/`Body`
/// (21604/21603/21602), malformed or mixed-channel numbers (21211/21212/21910), bodies over 1600
/// UTF-16 units (21617). Accepted messages get a realistic 201 Message resource and are
/// recorded; the list endpoint filters by `To`, `From`, `DateSent>` and paginates with
/// `next_page_uri`. It listens on a real loopback port, so another process (the server binary
/// under test, via `TWILIO_API_BASE_URL`) can use it too.
///
/// ```swift
/// let twilio = try await FakeTwilio.start(accountSid: "AC" + String(repeating: "0", count: 32), authToken: "fake-token")
/// defer { Task { try await twilio.stop() } }
/// await twilio.failNext(count: 1, status: 429, code: 20429, retryAfter: 3)
/// // … point the client at twilio.baseURL …
/// let sent = await twilio.sentMessages()
/// try await twilio.stop()
/// ```
package final class FakeTwilio: Sendable {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    package let baseURL: String
    package let port: Int
    /// The account given to ``start(accountSid:authToken:port:maxPageSize:now:)``.
    package let accountSid: String
    /// The auth token of ``accountSid``.
    package let authToken: String
    let state: FakeTwilioState
    private let server: LoopbackServer

    private init(port: Int, accountSid: String, authToken: String, state: FakeTwilioState, server: LoopbackServer) {
        self.port = port
        self.accountSid = accountSid
        self.authToken = authToken
        self.baseURL = "http://127.0.0.1:\(port)"
        self.state = state
        self.server = server
    }

    /// Starts the fake on 127.0.0.1 and a free port (or `port`), for one account; more can be
    /// added with ``addAccount(sid:authToken:)``. `maxPageSize` caps `PageSize` (Twilio: 1000)
    /// so that pagination can be exercised with few messages. `now` stamps `date_created`.
    package static func start(
        accountSid: String = "AC00000000000000000000000000000000", authToken: String = "fake-auth-token-0000",
        port: Int = 0, maxPageSize: Int = 1000, now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> FakeTwilio {
        let state = FakeTwilioState(accounts: [accountSid: authToken], now: now)
        let handler = FakeTwilioHandler(state: state, maxPageSize: maxPageSize)
        let server = try await LoopbackServer.start(name: "fake-twilio", port: port) { request, _ in
            try await Self.respond(to: request, handler: handler, state: state)
        }
        return FakeTwilio(port: server.port, accountSid: accountSid, authToken: authToken, state: state, server: server)
    }

    /// Stops the server: delayed responses still waiting are released at once, then the port is
    /// closed.
    package func stop() async throws {
        await state.markStopping()
        await server.stop()
    }

    /// Accepts another account's Basic credentials (several tenants on one fake).
    package func addAccount(sid: String, authToken: String) async { await state.addAccount(sid: sid, token: authToken) }

    /// Messages accepted (or seeded), oldest first.
    package func sentMessages() async -> [Message] { await state.allMessages() }

    /// `messageId`s of the typing indicators accepted, in order.
    package func typingIndicators() async -> [String] { await state.typingIndicators }

    /// Every request received, in order, including refused ones.
    package func requests() async -> [RecordedRequest] { await state.recordedRequests() }

    /// The next `count` requests fail with `status` and Twilio error `code` (with `Retry-After`
    /// seconds when given) without being processed.
    package func failNext(count: Int = 1, status: Int, code: Int, retryAfter: Int? = nil, message: String? = nil) async {
        await state.enqueue(.fail(status: status, code: code, message: message, retryAfter: retryAfter), count: count)
    }

    /// The next `count` requests are processed (a send is recorded) but answered only after `delay`.
    package func delayNext(_ delay: Duration, count: Int = 1) async { await state.enqueue(.delay(delay), count: count) }

    /// The next `count` requests are processed (a send is recorded), then the connection is closed
    /// without a complete response: the "did it send?" case the core must reconcile.
    package func acceptButDropResponse(count: Int = 1) async { await state.enqueue(.dropResponse, count: count) }

    /// Seeds a message as if sent earlier (for reconciliation and list tests), to the start
    /// account unless `accountSid` says otherwise.
    @discardableResult
    package func addMessage(accountSid: String? = nil, to: String, from: String, body: String, dateCreated: Date,
                           sid: String = FakeTwilio.newMessageSid()) async -> Message {
        let message = Message(sid: sid, accountSid: accountSid ?? self.accountSid, to: to, from: from, body: body, dateCreated: dateCreated, status: "delivered")
        await state.store(message)
        return message
    }
}

/// The failure the fake throws while writing a response it drops on purpose
/// (``FakeTwilio/acceptButDropResponse(count:)``), so the connection closes mid-answer.
package enum FakeTwilioError: Error, CustomStringConvertible {
    case droppedResponse

    package var description: String { "the fake Twilio dropped this response on purpose" }
}
