import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One request of the hostile-input corpus, with the answer the engine defines for its class.
struct HostileRequest: Sendable {
    /// The class of input; the expected answer is defined per class.
    enum Kind: String, Sendable, CaseIterable {
        /// Correctly signed, new MessageSid: 200 TwiML, staged and answered exactly once.
        case valid
        /// The exact bytes of an earlier valid request again (a webhook retry): 200, no new turn.
        case replay
        /// An earlier valid request with bytes flipped: 403, 400 or (number changed) 200 unknown.
        case mutated
        case forgedSignature, missingSignature, wrongURLSignature, wrongTenantSignature, tamperedAfterSigning
        /// A From/To pair no conversation has: 200 empty TwiML, nothing stored.
        case unknownPair
        case badPercentEscape, invalidUTF8, missingField, wrongContentType, randomBytes, tooManyFields
        /// Over the webhook routes' body limit (``RepliesHTTP/HTTPRouter/defaultMaxBodyBytes``): 413.
        case tooLarge
        case unknownPath
        /// The record has no usable `channel_config`: 500 with the defined text.
        case misconfiguredRecord
    }

    var kind: Kind
    var method: HTTPMethod = .POST
    var path = "/whatsapp"
    var query: String?
    var headers: [(String, String)] = [("Content-Type", "application/x-www-form-urlencoded")]
    var body: [UInt8]
    var expected: Set<Int>
    /// For ``Kind/valid``: a unique token in the message body, and the conversation it must reach.
    var token: String?
    var conversationId: String?

    struct Answer: Sendable {
        var status: Int
        var contentType: String
        var body: String
    }

    func send(to address: String) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://\(address)\(path)\(query.map { "?" + $0 } ?? "")")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if method == .POST { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let collected = try await response.body.collect(upTo: 1 << 20)
        return Answer(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type") ?? "",
            body: String(decoding: collected.readableBytesView, as: UTF8.self))
    }

    /// Text that must never reach a client: crash reports, Swift error dumps, internal names.
    static let leakMarkers = [
        "Fatal error", "Backtrace", ".swift:", "Swift.", "RepliesCore", "RepliesServer", "EmbeddedBackend", "AWSBackend",
        "AWSCore", "SQLite", "DynamoDB", "TwilioFormError", "IngestOutcome", "EmbeddedStoreError", "AWSError", "Optional(",
        "Error(", "e2e-test-auth-token", "e2e-other-tenant-token", "sk-e2e", "+4477009",
    ]
}
