/// A webhook request reduced to what the Twilio endpoint needs, independent of how it arrived
/// (API Gateway REST, HTTP API, or a Function URL).
///
/// ```swift
/// let request = WebhookHTTPRequest(path: "/whatsapp", query: nil, signature: "abc=", body: Array("Body=hi".utf8))
/// ```
public struct WebhookHTTPRequest: Sendable, Hashable {
    /// The channel route (`/whatsapp`, `/sms`), without any stage or base path.
    public var path: String
    /// The query string without `?`, nil when there is none.
    public var query: String?
    /// `X-Twilio-Signature`, nil when absent.
    public var signature: String?
    /// The body bytes exactly as Twilio sent them (base64 already undone).
    public var body: [UInt8]

    public init(path: String, query: String?, signature: String?, body: [UInt8]) {
        self.path = path
        self.query = query
        self.signature = signature
        self.body = body
    }
}
