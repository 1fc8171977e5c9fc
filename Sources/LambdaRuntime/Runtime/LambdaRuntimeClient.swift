import AsyncHTTPClient
package import Foundation
package import Logging
import NIOCore
import NIOHTTP1

/// The Lambda Runtime API (`http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01`) over AsyncHTTPClient.
///
/// It owns an `HTTPClient` without a read timeout, because `/next` blocks until an event
/// arrives (possibly across a freeze of the execution environment); call ``shutdown()`` when done.
///
/// ```swift
/// let client = LambdaRuntimeClient(runtimeAPI: "127.0.0.1:9001")
/// let invocation = try await client.next(logger: logger)
/// try await client.respond(requestId: invocation.requestId, body: Data("{}".utf8))
/// try await client.shutdown()
/// ```
package struct LambdaRuntimeClient: Sendable {
    /// Events above this size are refused (Lambda's own payload limits are far lower).
    package static let maxEventBytes = 32 * 1024 * 1024
    /// Bound on posting a result; the Runtime API is local, so this only trips when it is broken.
    static let postTimeout: TimeAmount = .seconds(30)

    package let baseURL: String
    private let http: HTTPClient

    package init(runtimeAPI: String) {
        self.baseURL = "http://\(runtimeAPI)/2018-06-01"
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: nil),
            connectionPool: .init(idleTimeout: .seconds(3600)),
            decompression: .disabled)
        configuration.httpVersion = HTTPClient.Configuration.HTTPVersion.http1Only
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Blocks until Lambda hands over the next event; no timeout, as the protocol requires.
    /// `logger` becomes the invocation context's logger. Every method throws ``LambdaRuntimeError``.
    package func next(now: @Sendable () -> Date = Date.init, logger: Logger) async throws -> LambdaInvocation {
        let endpoint = "/runtime/invocation/next"
        let (status, headers, body) = try await send(.GET, endpoint, body: nil, headers: [:], deadline: .distantFuture)
        guard status == 200 else { throw LambdaRuntimeError.unexpectedStatus(endpoint: endpoint, status: status, body: String(decoding: body, as: UTF8.self)) }
        return try LambdaInvocation(headers: headers, event: body, now: now(), logger: logger)
    }

    /// Posts a handler's result.
    package func respond(requestId: String, body: Data) async throws {
        try await post("/runtime/invocation/\(Self.escape(requestId))/response", body: body, headers: [:])
    }

    /// Reports a handler's failure.
    package func fail(requestId: String, report: LambdaErrorReport) async throws {
        try await post(
            "/runtime/invocation/\(Self.escape(requestId))/error", body: Self.encode(report),
            headers: [LambdaInvocation.Header.errorType: report.errorType])
    }

    /// Reports that initialisation failed; Lambda then ends the environment.
    package func failInitialization(report: LambdaErrorReport) async throws {
        try await post("/runtime/init/error", body: Self.encode(report), headers: [LambdaInvocation.Header.errorType: report.errorType])
    }

    package func shutdown() async throws {
        try await http.shutdown()
    }

    // MARK: - Transport

    private func post(_ endpoint: String, body: Data, headers: [String: String]) async throws {
        let (status, _, answer) = try await send(.POST, endpoint, body: body, headers: headers, deadline: .now() + Self.postTimeout)
        guard (200..<300).contains(status) else {
            throw LambdaRuntimeError.unexpectedStatus(endpoint: endpoint, status: status, body: String(decoding: answer, as: UTF8.self))
        }
    }

    private func send(
        _ method: HTTPMethod, _ endpoint: String, body: Data?, headers: [String: String], deadline: NIODeadline
    ) async throws -> (Int, HTTPHeaders, Data) {
        var request = HTTPClientRequest(url: baseURL + endpoint)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return try await exchange(request, endpoint: endpoint, deadline: deadline).get()
    }

    private func exchange(
        _ request: HTTPClientRequest, endpoint: String, deadline: NIODeadline
    ) async -> Result<(Int, HTTPHeaders, Data), LambdaRuntimeError> {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: deadline)
        } catch {
            return .failure(.transport(endpoint: endpoint, detail: String(describing: error)))
        }
        do {
            let buffer = try await response.body.collect(upTo: Self.maxEventBytes)
            return .success((Int(response.status.code), response.headers, Data(buffer.readableBytesView)))
        } catch is NIOTooManyBytesError {
            return .failure(.eventTooLarge(limit: Self.maxEventBytes))
        } catch {
            return .failure(.transport(endpoint: endpoint, detail: String(describing: error)))
        }
    }

    private static func encode(_ report: LambdaErrorReport) -> Data {
        // Three strings and an empty array always encode.
        (try? JSONEncoder().encode(report)) ?? Data(#"{"errorMessage":"unencodable","errorType":"Unknown","stackTrace":[]}"#.utf8)
    }

    /// Request ids are UUIDs; escaping keeps a hostile id from changing the path.
    private static func escape(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
    }
}
