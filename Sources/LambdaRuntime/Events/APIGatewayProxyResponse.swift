/// The answer to an API Gateway proxy event; REST (1.0) and HTTP API (2.0) both accept it.
///
/// ```swift
/// let response = APIGatewayProxyResponse(statusCode: 200, contentType: "text/xml", body: "<Response></Response>")
/// ```
public struct APIGatewayProxyResponse: Codable, Sendable, Hashable {
    public var statusCode: Int
    public var headers: [String: String]
    public var body: String
    /// Always false: every body the engine produces is text.
    public var isBase64Encoded: Bool

    public init(statusCode: Int, headers: [String: String] = [:], body: String = "") {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.isBase64Encoded = false
    }

    public init(statusCode: Int, contentType: String, body: String) {
        self.init(statusCode: statusCode, headers: ["Content-Type": contentType], body: body)
    }
}
