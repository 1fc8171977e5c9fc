import Foundation
import Synchronization

@testable import AWSCore

/// Answers requests from a script and records them: for retry and error-parsing tests that
/// must not depend on a live service.
final class ScriptedExecutor: AWSHTTPExecutor {
    struct NetworkDown: Error {}

    private let script: Mutex<[Result<AWSHTTPResponse, any Error>]>
    private let log = Mutex<[AWSHTTPRequest]>([])
    private let timeoutLog = Mutex<[Duration]>([])

    init(_ script: [Result<AWSHTTPResponse, any Error>]) {
        self.script = Mutex(script)
    }

    var requests: [AWSHTTPRequest] { log.withLock { $0 } }
    /// The timeout each attempt was given.
    var timeouts: [Duration] { timeoutLog.withLock { $0 } }

    func execute(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        log.withLock { $0.append(request) }
        timeoutLog.withLock { $0.append(timeout) }
        let next = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        guard let next else { return AWSHTTPResponse(status: 599, body: Array("script exhausted".utf8)) }
        return try next.get()
    }

    static func json(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> Result<AWSHTTPResponse, any Error> {
        .success(AWSHTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    static func error(_ status: Int, type: String, message: String = "m", headers: [(name: String, value: String)] = []) -> Result<AWSHTTPResponse, any Error> {
        json(status, #"{"__type":"\#(type)","message":"\#(message)"}"#, headers: headers)
    }
}

enum TestConfiguration {
    static let fake = AWSClientConfiguration(
        credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake-secret", sessionToken: "fake-token"),
        region: "eu-north-1")

    /// No jitter, so delays are exact: 100 ms, 200 ms, 400 ms, … capped at 1 s.
    static let exactPolicy = AWSRetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: { $0 })
}
