import Foundation

/// What a route answers: status, headers and body bytes. The one response type of both shapes.
///
/// ```swift
/// HTTPResponse.text(404, "no such conversation")
/// HTTPResponse(status: 200, contentType: "text/xml", body: "<Response></Response>")
/// ```
package struct HTTPResponse: Sendable, Hashable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package init(status: Int, contentType: String, body: String) {
        self.init(status: status, headers: ["Content-Type": contentType], body: Array(body.utf8))
    }

    /// A plain-text answer (a newline is added).
    package static func text(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: message + "\n")
    }

    /// A JSON answer from an `Encodable` value.
    package static func json(_ status: Int, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return .text(500, "the answer could not be encoded") }
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(data) + [0x0A])
    }

    /// The body as UTF-8 text (invalid bytes replaced), for tests and logs.
    package var bodyText: String { String(decoding: body, as: UTF8.self) }

    package var contentType: String? { headers["Content-Type"] }
}
