import Foundation

/// The answer to an API Gateway proxy event; REST (1.0) and HTTP API (2.0) both accept it.
/// Text bodies go as they are; any other bytes go base64-encoded.
///
/// ```swift
/// let response = APIGatewayProxyResponse(statusCode: 200, headers: ["Content-Type": "text/xml"], body: Array("<Response></Response>".utf8))
/// ```
package struct APIGatewayProxyResponse: Codable, Sendable, Hashable {
    package var statusCode: Int
    package var headers: [String: String]
    package var body: String
    package var isBase64Encoded: Bool

    package init(statusCode: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.statusCode = statusCode
        self.headers = headers
        if let text = String(validating: body, as: UTF8.self) {
            self.body = text
            isBase64Encoded = false
        } else {
            self.body = Data(body).base64EncodedString()
            isBase64Encoded = true
        }
    }
}
