/// What the webhook endpoint answers: status, content type and a text body.
///
/// ```swift
/// let response = WebhookHTTPResponse(status: 200, contentType: "text/xml", body: "<Response></Response>")
/// ```
package struct WebhookHTTPResponse: Sendable, Hashable {
    package var status: Int
    package var contentType: String
    package var body: String

    package init(status: Int, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A plain-text answer for requests rejected before they reach the endpoint.
    package static func plain(_ status: Int, _ message: String) -> WebhookHTTPResponse {
        WebhookHTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: message + "\n")
    }

    var proxyResponse: APIGatewayProxyResponse {
        APIGatewayProxyResponse(statusCode: status, contentType: contentType, body: body)
    }
}
