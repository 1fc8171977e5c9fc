import Dispatch
package import Foundation
package import Logging
import NIOHTTP1

/// The Lambda Runtime API (`http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01`) over one kept-alive
/// HTTP/1.1 connection (``RuntimeAPIConnection``).
///
/// `/next` has no read timeout, because it blocks until an event arrives (possibly across a
/// freeze of the execution environment); call ``shutdown()`` when done.
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
    static let postTimeout: DispatchTimeInterval = .seconds(30)

    package let baseURL: String
    private let host: String
    private let connection: RuntimeAPIConnection

    package init(runtimeAPI: String) {
        self.baseURL = "http://\(runtimeAPI)/2018-06-01"
        self.host = runtimeAPI
        self.connection = RuntimeAPIConnection(address: runtimeAPI, maxBodyBytes: Self.maxEventBytes)
    }

    /// Blocks until Lambda hands over the next event; no timeout, as the protocol requires.
    /// `logger` becomes the invocation context's logger. Every method throws ``LambdaRuntimeError``.
    package func next(now: @Sendable () -> Date = Date.init, logger: Logger) async throws -> LambdaInvocation {
        let endpoint = "/runtime/invocation/next"
        let (status, headers, body) = try await send("GET", endpoint, body: nil, headers: [:], timeout: nil)
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
        connection.disconnect()
    }

    // MARK: - Transport

    private func post(_ endpoint: String, body: Data, headers: [String: String]) async throws {
        let (status, _, answer) = try await send("POST", endpoint, body: body, headers: headers, timeout: Self.postTimeout)
        guard (200..<300).contains(status) else {
            throw LambdaRuntimeError.unexpectedStatus(endpoint: endpoint, status: status, body: String(decoding: answer, as: UTF8.self))
        }
    }

    private func send(
        _ method: String, _ endpoint: String, body: Data?, headers: [String: String], timeout: DispatchTimeInterval?
    ) async throws(LambdaRuntimeError) -> (Int, HTTPHeaders, Data) {
        var fields = headers.map { ($0.key, $0.value) }
        if body != nil { fields.append(("Content-Type", "application/json")) }
        let request = RuntimeAPIConnection.request(method, "/2018-06-01" + endpoint, host: host, headers: fields, body: body.map { Array($0) })
        let deadline = timeout.map { DispatchTime.now() + $0 }
        let response: HTTPResponseReader.Response
        do {
            response = try await connection.exchange(request, deadline: deadline)
        } catch RuntimeAPIConnection.Failure.response(.bodyTooLarge) {
            throw .eventTooLarge(limit: Self.maxEventBytes)
        } catch {
            throw .transport(endpoint: endpoint, detail: String(describing: error))
        }
        return (response.status, HTTPHeaders(response.fields.map { ($0.name, $0.value) }), Data(response.body))
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
