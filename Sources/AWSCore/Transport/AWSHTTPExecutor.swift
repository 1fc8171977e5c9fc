package import AsyncHTTPClient
import Foundation
import NIOHTTP1
import NIOCore

/// One HTTP exchange, independent of the client library.
package struct AWSHTTPRequest: Sendable {
    package var url: String
    /// `POST` (every JSON-protocol call) or `GET`.
    package var method: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(url: String, method: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

package struct AWSHTTPResponse: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Performs HTTP exchanges for ``AWSJSONClient``. Throws only for transport failures; HTTP error
/// statuses are returned as responses.
package protocol AWSHTTPExecutor: Sendable {
    func execute(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse
}

/// The production executor on AsyncHTTPClient.
///
/// ```swift
/// let executor = AsyncHTTPClientExecutor()            // HTTPClient.shared
/// let executor = AsyncHTTPClientExecutor(client: myClient)
/// ```
package struct AsyncHTTPClientExecutor: AWSHTTPExecutor {
    /// Larger than any DynamoDB (16 MB BatchGet) or SQS answer.
    static let maxResponseBytes = 32 << 20
    let client: HTTPClient

    package init(client: HTTPClient = .shared) {
        self.client = client
    }

    package func execute(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = request.method == "GET" ? .GET : .POST
        for header in request.headers { outbound.headers.add(name: header.name, value: header.value) }
        outbound.body = .bytes(request.body)
        let seconds = timeout.components.seconds + (timeout.components.attoseconds > 0 ? 1 : 0)
        let response = try await client.execute(outbound, timeout: .seconds(max(1, seconds)))
        let body = try await response.body.collect(upTo: Self.maxResponseBytes)
        return AWSHTTPResponse(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: Array(body.readableBytesView))
    }
}
