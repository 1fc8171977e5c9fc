package import Foundation

extension FakeSendGrid {
    /// A request as the fake received it.
    package struct RecordedRequest: Sendable, Hashable {
        package var method: String
        package var path: String
        package var authorization: String?
        package var contentType: String?
        package var body: Data
    }

    /// An e-mail the fake accepted, with the fields tests look at.
    package struct Mail: Sendable, Hashable {
        /// The `X-Message-Id` the fake answered with.
        package var messageId: String
        package var to: [String]
        package var from: String
        package var fromName: String?
        package var replyTo: String?
        package var subject: String
        /// `content` entries in order: (type, value).
        package var content: [Content]
        package var headers: [String: String]
        package var customArgs: [String: String]
        /// The request body exactly as received.
        package var json: Data

        package struct Content: Sendable, Hashable {
            package var type: String
            package var value: String
        }

        package var text: String? { content.first { $0.type == "text/plain" }?.value }
        package var html: String? { content.first { $0.type == "text/html" }?.value }
    }

    enum Behaviour: Sendable {
        case fail(status: Int, message: String, retryAfter: Int?, rateLimitReset: Int?)
        case delay(Duration)
        case dropResponse
        case sandbox
    }
}

/// The fake's mutable state, in an actor shared by the handlers and the test.
actor FakeSendGridState {
    private var apiKeys: Set<String>
    private var mail: [FakeSendGrid.Mail] = []
    private var requests: [FakeSendGrid.RecordedRequest] = []
    private var behaviours: [FakeSendGrid.Behaviour] = []
    private(set) var isStopping = false

    init(apiKeys: Set<String>) {
        self.apiKeys = apiKeys
    }

    func addAPIKey(_ key: String) { apiKeys.insert(key) }
    func accepts(_ key: String) -> Bool { apiKeys.contains(key) }

    func record(_ request: FakeSendGrid.RecordedRequest) { requests.append(request) }
    func recordedRequests() -> [FakeSendGrid.RecordedRequest] { requests }

    func store(_ accepted: FakeSendGrid.Mail) { mail.append(accepted) }
    func allMail() -> [FakeSendGrid.Mail] { mail }

    func enqueue(_ behaviour: FakeSendGrid.Behaviour, count: Int) {
        behaviours += Array(repeating: behaviour, count: max(0, count))
    }

    func nextBehaviour() -> FakeSendGrid.Behaviour? { behaviours.isEmpty ? nil : behaviours.removeFirst() }

    func markStopping() { isStopping = true }
}
