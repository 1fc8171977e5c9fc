import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

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
public final class FakeTwilio: Sendable {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    public let baseURL: String
    public let port: Int
    /// The account given to ``start(accountSid:authToken:port:maxPageSize:now:)``.
    public let accountSid: String
    /// The auth token of ``accountSid``.
    public let authToken: String
    let state: FakeTwilioState
    private let services: ServiceGroup
    private let server: Task<Void, any Error>

    private init(port: Int, accountSid: String, authToken: String, state: FakeTwilioState, services: ServiceGroup,
                 server: Task<Void, any Error>) {
        self.port = port
        self.accountSid = accountSid
        self.authToken = authToken
        self.baseURL = "http://127.0.0.1:\(port)"
        self.state = state
        self.services = services
        self.server = server
    }

    /// Starts the fake on 127.0.0.1 and a free port (or `port`), for one account; more can be
    /// added with ``addAccount(sid:authToken:)``. `maxPageSize` caps `PageSize` (Twilio: 1000)
    /// so that pagination can be exercised with few messages. `now` stamps `date_created`.
    public static func start(
        accountSid: String = "AC00000000000000000000000000000000", authToken: String = "fake-auth-token-0000",
        port: Int = 0, maxPageSize: Int = 1000, now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> FakeTwilio {
        let state = FakeTwilioState(accounts: [accountSid: authToken], now: now)
        let handler = FakeTwilioHandler(state: state, maxPageSize: maxPageSize)
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "fake-twilio")
        logger.logLevel = .warning
        let app = Application(
            responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
                try await Self.respond(to: request, handler: handler, state: state)
            },
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "fake-twilio"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let server = Task {
            // Ends the wait below if the server stops before reporting a port (e.g. bind failure).
            defer { portContinuation.finish() }
            try await services.run()
        }
        var bound = 0
        for await value in portStream { bound = value }
        guard bound > 0 else {
            server.cancel()
            if case .failure(let error) = await server.result { throw error }
            throw FakeTwilioError.couldNotStart
        }
        return FakeTwilio(port: bound, accountSid: accountSid, authToken: authToken, state: state, services: services, server: server)
    }

    /// Stops the server gracefully: delayed responses still waiting are released at once, open
    /// requests are answered, then the port is closed.
    public func stop() async throws {
        await state.markStopping()
        await services.triggerGracefulShutdown()
        try await server.value
    }

    /// Accepts another account's Basic credentials (several tenants on one fake).
    public func addAccount(sid: String, authToken: String) async { await state.addAccount(sid: sid, token: authToken) }

    /// Messages accepted (or seeded), oldest first.
    public func sentMessages() async -> [Message] { await state.allMessages() }

    /// Every request received, in order, including refused ones.
    public func requests() async -> [RecordedRequest] { await state.recordedRequests() }

    /// The next `count` requests fail with `status` and Twilio error `code` (with `Retry-After`
    /// seconds when given) without being processed.
    public func failNext(count: Int = 1, status: Int, code: Int, retryAfter: Int? = nil, message: String? = nil) async {
        await state.enqueue(.fail(status: status, code: code, message: message, retryAfter: retryAfter), count: count)
    }

    /// The next `count` requests are processed (a send is recorded) but answered only after `delay`.
    public func delayNext(_ delay: Duration, count: Int = 1) async { await state.enqueue(.delay(delay), count: count) }

    /// The next `count` requests are processed (a send is recorded), then the connection is closed
    /// without a complete response: the "did it send?" case the core must reconcile.
    public func acceptButDropResponse(count: Int = 1) async { await state.enqueue(.dropResponse, count: count) }

    /// Seeds a message as if sent earlier (for reconciliation and list tests), to the start
    /// account unless `accountSid` says otherwise.
    @discardableResult
    public func addMessage(accountSid: String? = nil, to: String, from: String, body: String, dateCreated: Date,
                           sid: String = FakeTwilio.newMessageSid()) async -> Message {
        let message = Message(sid: sid, accountSid: accountSid ?? self.accountSid, to: to, from: from, body: body, dateCreated: dateCreated, status: "delivered")
        await state.store(message)
        return message
    }
}

/// Failures of the fake itself (not of the requests it answers): `start` could not bind, or a
/// response was dropped on purpose by ``FakeTwilio/acceptButDropResponse(count:)``.
///
/// ```swift
/// do { _ = try await FakeTwilio.start(port: busyPort) } catch let error as FakeTwilioError { print(error) }
/// ```
public enum FakeTwilioError: Error, CustomStringConvertible {
    case couldNotStart
    case droppedResponse

    public var description: String {
        switch self {
        case .couldNotStart: "the fake Twilio server did not report a listening port"
        case .droppedResponse: "the fake Twilio dropped this response on purpose"
        }
    }
}
