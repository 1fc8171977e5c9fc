/// What the webhook endpoint answers: status, content type and a text body.
///
/// ```swift
/// let response = WebhookHTTPResponse(status: 200, contentType: "text/xml", body: "<Response></Response>")
/// ```
public struct WebhookHTTPResponse: Sendable, Hashable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A plain-text answer for requests rejected before they reach the endpoint.
    public static func plain(_ status: Int, _ message: String) -> WebhookHTTPResponse {
        WebhookHTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: message + "\n")
    }

    var proxyResponse: APIGatewayProxyResponse {
        APIGatewayProxyResponse(statusCode: status, contentType: contentType, body: body)
    }
}
