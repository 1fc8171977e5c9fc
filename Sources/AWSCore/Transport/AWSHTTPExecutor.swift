import AsyncHTTPClient
import Foundation

/// One HTTP exchange, independent of the client library.
public struct AWSHTTPRequest: Sendable {
    public var url: String
    /// `POST` (every JSON-protocol call) or `GET`.
    public var method: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(url: String, method: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

public struct AWSHTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Performs HTTP exchanges for ``AWSJSONClient``. Throws only for transport failures; HTTP error
/// statuses are returned as responses.
public protocol AWSHTTPExecutor: Sendable {
    func execute(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse
}

/// The production executor on AsyncHTTPClient.
///
/// ```swift
/// let executor = AsyncHTTPClientExecutor()            // HTTPClient.shared
/// let executor = AsyncHTTPClientExecutor(client: myClient)
/// ```
public struct AsyncHTTPClientExecutor: AWSHTTPExecutor {
    /// Larger than any DynamoDB (16 MB BatchGet) or SQS answer.
    static let maxResponseBytes = 32 << 20
    let client: HTTPClient

    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func execute(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
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
