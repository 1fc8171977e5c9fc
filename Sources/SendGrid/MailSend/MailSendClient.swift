package import AsyncHTTPClient
import EmailKit
import Foundation
package import Logging
import NIOCore
import NIOHTTP1

/// Sends replies through SendGrid's v3 Mail Send API (`POST {base}/v3/mail/send`, Bearer API
/// key, JSON body, `202 Accepted` with an `X-Message-Id` header). One instance serves every
/// tenant: the API key comes with each call.
///
/// The client never retries. Failures are ``MailSendError``s that say whether a retry is safe
/// and whether the e-mail may have gone out (see there); to tell "nothing was written" from
/// "the request was written, then the connection failed", the body is streamed and the client
/// notes when the HTTP library first asks for it.
///
/// ```swift
/// let client = MailSendClient(httpClient: HTTPClient.shared,
///                             baseURL: environment["SENDGRID_API_BASE_URL"] ?? MailSendClient.defaultBaseURL)
/// let sent = try await client.send(email, apiKey: credentials.requireAPIKey())
/// sent.messageId   // "W86EgYT6SQKk0lRflfLRsA"
/// ```
package struct MailSendClient: Sendable {
    package static let defaultBaseURL = "https://api.sendgrid.com"
    package static let defaultTimeout: Duration = .seconds(30)
    /// SendGrid's total message size limit.
    package static let maxRequestBytes = 30_000_000

    /// Evaluated when a request is made, not when the client is: `HTTPClient.shared` starts NIO's
    /// event loops (≈ 2.5 ms of a Lambda cold start) and many processes never send.
    private let makeHTTPClient: @Sendable () -> HTTPClient
    var httpClient: HTTPClient { makeHTTPClient() }
    /// Scheme, host, optional port and path prefix, without a trailing `/`.
    let baseURL: String
    let timeout: Duration
    let logger: Logger

    /// - Parameters:
    ///   - httpClient: shared client; its lifecycle belongs to the caller.
    ///   - baseURL: `https://api.sendgrid.com` unless `SENDGRID_API_BASE_URL` says otherwise
    ///     (`https://api.eu.sendgrid.com` for EU subusers, tests, proxies).
    ///   - timeout: per request, connect to response head.
    package init(
        httpClient: @escaping @autoclosure @Sendable () -> HTTPClient, baseURL: String = MailSendClient.defaultBaseURL,
        timeout: Duration = MailSendClient.defaultTimeout, logger: Logger = Logger(label: "replies.sendgrid")
    ) {
        self.makeHTTPClient = httpClient
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.logger = logger
    }

    package func send(_ email: OutboundEmail, apiKey: String) async throws(MailSendError) -> SentEmail {
        try Self.validate(email, apiKey: apiKey)
        let body: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = try encoder.encode(MailSendBody(email))
        } catch {
            throw .invalidEmail("it could not be encoded as JSON (\(error))")
        }
        guard body.count <= Self.maxRequestBytes else {
            throw .invalidEmail("it is \(body.count) bytes, SendGrid accepts at most \(Self.maxRequestBytes)")
        }
        var request = HTTPClientRequest(url: try sendURL())
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        let tracker = BodyWriteTracker()
        request.body = .stream(TrackedBody(buffer: ByteBuffer(bytes: body), tracker: tracker), length: .known(Int64(body.count)))
        logger.debug("sending SendGrid e-mail", metadata: [
            "to": "\(email.to.masked)", "batch_id": "\(email.batchId)", "length": "\(email.text.count)",
        ])
        return try await perform(request, tracker: tracker)
    }

    func sendURL() throws(MailSendError) -> String {
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://"), baseURL.count > 8 else { throw .invalidBaseURL(baseURL) }
        return "\(baseURL)/v3/mail/send"
    }

    /// What SendGrid would refuse, refused before any request: an empty text or subject, header
    /// values that could break the message (line breaks), an API key that is not one header line.
    static func validate(_ email: OutboundEmail, apiKey: String) throws(MailSendError) {
        func isHeaderSafe(_ value: String) -> Bool { !value.contains(where: { $0.isNewline || $0 == "\0" }) }
        guard !apiKey.isEmpty, apiKey.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
            throw .invalidEmail("the API key is empty or not a single token; check sendgrid_auth_value")
        }
        guard !email.text.allSatisfy(\.isWhitespace) else { throw .invalidEmail("the text is empty") }
        guard !email.subject.allSatisfy(\.isWhitespace), isHeaderSafe(email.subject) else {
            throw .invalidEmail("the subject is empty or contains a line break")
        }
        guard !email.batchId.isEmpty, email.batchId.count <= 200, email.batchId.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
            throw .invalidEmail("the batch id is not a short ASCII token")
        }
        if let name = email.fromName, !isHeaderSafe(name) { throw .invalidEmail("the sender name contains a line break") }
    }
}
