/// The answer to an API Gateway proxy event; REST (1.0) and HTTP API (2.0) both accept it.
///
/// ```swift
/// let response = APIGatewayProxyResponse(statusCode: 200, contentType: "text/xml", body: "<Response></Response>")
/// ```
package struct APIGatewayProxyResponse: Codable, Sendable, Hashable {
    package var statusCode: Int
    package var headers: [String: String]
    package var body: String
    /// Always false: every body the engine produces is text.
    package var isBase64Encoded: Bool

    package init(statusCode: Int, headers: [String: String] = [:], body: String = "") {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.isBase64Encoded = false
    }

    package init(statusCode: Int, contentType: String, body: String) {
        self.init(statusCode: statusCode, headers: ["Content-Type": contentType], body: body)
    }
}
