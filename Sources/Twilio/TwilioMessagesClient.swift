package import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
package import RepliesCore
import NIOHTTP1

/// Sends WhatsApp and SMS messages through Twilio's Messages API and lists recent ones for
/// reconciliation. One instance serves every tenant: credentials come with each call.
///
/// The client never retries: a send that timed out may have gone out, so the core decides
/// (it reconciles with ``sentMessages(channel:from:to:since:credentials:)`` first). Errors are
/// ``TwilioError``s, classified transient or permanent.
///
/// ```swift
/// let sender = TwilioMessagesClient(httpClient: HTTPClient.shared,
///                                   baseURL: environment["TWILIO_API_BASE_URL"] ?? TwilioMessagesClient.defaultBaseURL)
/// let sent = try await sender.send(OutboundMessage(channel: .whatsapp, from: company, to: user,
///                                                  body: "Hello", credentials: credentials))
/// ```
package struct TwilioMessagesClient: MessageSender {
    package static let defaultBaseURL = "https://api.twilio.com"
    package static let defaultTimeout: Duration = .seconds(15)

    /// Evaluated when a request is made, not when the client is: `HTTPClient.shared` starts NIO's
    /// event loops (≈ 2.5 ms of a Lambda cold start) and many processes never send.
    private let makeHTTPClient: @Sendable () -> HTTPClient
    var httpClient: HTTPClient { makeHTTPClient() }
    /// Scheme, host, optional port and optional path prefix, without a trailing `/`.
    let baseURL: String
    let timeout: Duration
    let logger: Logger
    /// Page size asked of the list endpoint, and how many pages are followed at most.
    let pageSize: Int
    let maxPages: Int

    /// - Parameters:
    ///   - httpClient: shared client; its lifecycle belongs to the caller.
    ///   - baseURL: `https://api.twilio.com` unless `TWILIO_API_BASE_URL` says otherwise (tests, proxies).
    ///   - timeout: per request, connect to last byte.
    package init(
        httpClient: @escaping @autoclosure @Sendable () -> HTTPClient, baseURL: String = TwilioMessagesClient.defaultBaseURL,
        timeout: Duration = TwilioMessagesClient.defaultTimeout, logger: Logger = Logger(label: "replies.twilio"),
        pageSize: Int = 50, maxPages: Int = 5
    ) {
        self.makeHTTPClient = httpClient
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.logger = logger
        self.pageSize = pageSize
        self.maxPages = maxPages
    }

    /// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with `To`, `From`, `Body`.
    /// Bodies over 1600 UTF-16 units are refused before any request (the core splits replies).
    /// With a ``OutboundMessage/template``, `ContentSid` and `ContentVariables` (a JSON string)
    /// replace `Body`, as Twilio requires for WhatsApp templates. With a
    /// ``OutboundMessage/statusCallback``, `StatusCallback` asks Twilio for its status changes.
    package func send(_ message: OutboundMessage) async throws -> SentMessage {
        let length = message.body.utf16.count
        guard length <= Self.maxBodyLength else { throw TwilioError.bodyTooLong(length: length, limit: Self.maxBodyLength) }
        var fields = [("To", message.channel.address(message.to)), ("From", message.channel.address(message.from))]
        if let template = message.template {
            fields.append(("ContentSid", template.sid))
            if !template.variables.isEmpty { fields.append(("ContentVariables", Self.contentVariables(template.variables))) }
        } else {
            fields.append(("Body", message.body))
        }
        if let callback = message.statusCallback { fields.append(("StatusCallback", callback)) }
        let form = TwilioFormEncoding.encode(fields)
        let url = try messagesURL(accountSid: message.credentials.accountSid)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form))
        logger.debug("sending Twilio message", metadata: [
            "channel": "\(message.channel.rawValue)", "to": "\(message.to.masked)", "length": "\(length)",
        ])
        let resource: TwilioMessageResource = try await perform(request, credentials: message.credentials)
        return SentMessage(
            sid: resource.sid, body: resource.body ?? message.body,
            dateCreated: resource.dateCreated.flatMap(RFC2822Date.parse))
    }

    /// `{"1":"Ana"}`: the placeholders' values as Twilio's `ContentVariables` JSON string.
    static func contentVariables(_ variables: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(variables), as: UTF8.self)) ?? "{}"
    }

    func messagesURL(accountSid: String) throws(TwilioError) -> String {
        // The SID becomes part of the path: letters and digits only, so it cannot change the URL.
        guard !accountSid.isEmpty, accountSid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .invalidAccountSid
        }
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else { throw .invalidBaseURL(baseURL) }
        return "\(baseURL)/2010-04-01/Accounts/\(accountSid)/Messages.json"
    }
}
