import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RepliesCore

/// One HTTP attempt's answer: status, headers and the whole body.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: ResponseHeaders
    var body: Data

    var requestId: String? { headers["x-request-id"] }
    var isSuccess: Bool { (200..<300).contains(status) }
}

/// Why an attempt produced no answer; both kinds are retried like the SDK's connection errors.
enum TransportFailure: Error, Sendable {
    case timeout
    case network(String)
}

/// Sends one POST and reads the whole answer within `timeout`.
///
/// AsyncHTTPClient's deadline only covers the response head, so the body read races the rest of
/// the time: a server that stalls mid-body must not hold the worker past its budget.
///
/// ```swift
/// let answer = try await HTTPAttempt.post(body, to: url, apiKey: key, timeout: .seconds(60), using: .shared)
/// ```
enum HTTPAttempt {
    /// Answers larger than this are not reply objects.
    static let maximumBodyBytes = 8 * 1024 * 1024

    static func post(
        _ body: Data, to url: String, apiKey: String, timeout: Duration, using client: HTTPClient,
        contentType: String = "application/json"
    ) async throws -> HTTPAnswer {
        let request = makeRequest(body, to: url, apiKey: apiKey, contentType: contentType)
        let nanoseconds = max(timeout.nanoseconds, 1)
        let started = ContinuousClock.now
        do {
            // AsyncHTTPClient's own deadline for the head: on a refused connection it reports the
            // connect error rather than a bare timeout.
            let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
            let status = Int(response.status.code)
            let headers = ResponseHeaders(response.headers.map { (name: $0.name, value: $0.value) })
            let buffer = try await within(timeout - (ContinuousClock.now - started)) {
                try await response.body.collect(upTo: maximumBodyBytes)
            }
            return HTTPAnswer(status: status, headers: headers, body: Data(buffer.readableBytesView))
        } catch let error as TransportFailure {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw classify(error)
        }
    }

    /// Runs `operation` unless `limit` passes first (then ``TransportFailure/timeout``).
    static func within<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        guard limit > .zero else { throw TransportFailure.timeout }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw TransportFailure.timeout }
            return first
        }
    }

    static func makeRequest(_ body: Data, to url: String, apiKey: String, contentType: String = "application/json") -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "replies-engine")
        request.body = .bytes(body)
        return request
    }

    static func classify(_ error: any Error) -> TransportFailure {
        let timeouts: [HTTPClientError] = [
            .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
            .getConnectionFromPoolTimeout,
        ]
        if let error = error as? HTTPClientError, timeouts.contains(error) { return .timeout }
        return .network(String(String(describing: error).prefix(200)))
    }
}
