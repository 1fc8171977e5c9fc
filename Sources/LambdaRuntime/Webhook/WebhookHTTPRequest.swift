/// A webhook request reduced to what the Twilio endpoint needs, independent of how it arrived
/// (API Gateway REST, HTTP API, or a Function URL).
///
/// ```swift
/// let request = WebhookHTTPRequest(path: "/whatsapp", query: nil, signature: "abc=", body: Array("Body=hi".utf8))
/// ```
package struct WebhookHTTPRequest: Sendable, Hashable {
    /// The channel route (`/whatsapp`, `/sms`), without any stage or base path.
    package var path: String
    /// The query string without `?`, nil when there is none.
    package var query: String?
    /// `X-Twilio-Signature`, nil when absent.
    package var signature: String?
    /// The body bytes exactly as Twilio sent them (base64 already undone).
    package var body: [UInt8]

    package init(path: String, query: String?, signature: String?, body: [UInt8]) {
        self.path = path
        self.query = query
        self.signature = signature
        self.body = body
    }
}
