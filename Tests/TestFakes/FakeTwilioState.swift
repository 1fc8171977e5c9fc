import Foundation

extension FakeTwilio {
    /// A request as the fake received it, for asserting on the exact wire format.
    ///
    /// ```swift
    /// let request = try #require(await twilio.requests().first)
    /// #expect(request.body == "To=whatsapp%3A%2B447700900123&From=…&Body=Hi")
    /// ```
    package struct RecordedRequest: Sendable, Hashable {
        package var method: String
        package var path: String
        /// The raw (still percent-encoded) query, if any.
        package var query: String?
        package var authorization: String?
        package var contentType: String?
        package var body: String
    }

    /// What to do with the next request instead of (or on top of) the normal answer.
    enum Behaviour: Sendable {
        case fail(status: Int, code: Int, message: String?, retryAfter: Int?)
        case delay(Duration)
        case dropResponse
    }
}

/// The fake's mutable state, isolated in an actor so handlers on NIO threads and the test share it.
actor FakeTwilioState {
    private var accounts: [String: String]
    private var messages: [FakeTwilio.Message] = []
    private var requests: [FakeTwilio.RecordedRequest] = []
    private var behaviours: [FakeTwilio.Behaviour] = []
    private(set) var isStopping = false
    /// Answers `…/Messages/{MM}/Media/{ME}` when mounted (``FakeTwilioMedia/start(accountSid:authToken:mountedOn:)``).
    private(set) var media: FakeTwilioMedia?
    func mount(_ media: FakeTwilioMedia) { self.media = media }
    let now: @Sendable () -> Date

    init(accounts: [String: String], now: @escaping @Sendable () -> Date) {
        self.accounts = accounts
        self.now = now
    }

    func addAccount(sid: String, token: String) { accounts[sid] = token }
    func token(for sid: String) -> String? { accounts[sid] }

    func record(_ request: FakeTwilio.RecordedRequest) { requests.append(request) }
    func recordedRequests() -> [FakeTwilio.RecordedRequest] { requests }

    func store(_ message: FakeTwilio.Message) { messages.append(message) }
    func allMessages() -> [FakeTwilio.Message] { messages }

    func enqueue(_ behaviour: FakeTwilio.Behaviour, count: Int) {
        behaviours += Array(repeating: behaviour, count: max(0, count))
    }

    func nextBehaviour() -> FakeTwilio.Behaviour? { behaviours.isEmpty ? nil : behaviours.removeFirst() }

    func markStopping() { isStopping = true }

    private(set) var typingIndicators: [String] = []
    func recordTyping(_ messageId: String) { typingIndicators.append(messageId) }
}
