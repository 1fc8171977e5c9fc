package import Foundation
package import Logging

/// Calls one AWS service over the AWS JSON protocol (`POST /`, `X-Amz-Target`,
/// `application/x-amz-json-1.x`), signed with SigV4, retrying throttling, 5xx and network
/// failures with capped exponential backoff and jitter.
///
/// Authentication and other client errors are never retried. Calls marked non-idempotent are
/// retried only when the service certainly did not apply them (throttling), never after an
/// ambiguous 5xx or network failure.
///
/// ```swift
/// let client = AWSJSONClient(service: .dynamoDB, configuration: configuration)
/// let output = try await client.send("DescribeTable", DescribeTableInput(tableName: "t"), as: DescribeTableOutput.self)
/// ```
package struct AWSJSONClient: Sendable {
    package let service: AWSService
    package let configuration: AWSClientConfiguration
    package let executor: any AWSHTTPExecutor
    package let retryPolicy: AWSRetryPolicy
    /// What retries wait on (a test clock in tests).
    package let timer: any Clock<Duration>
    package let clock: @Sendable () -> Date
    package let logger: Logger
    /// Per-attempt timeout unless a call asks for another (long polls do).
    package let defaultTimeout: Duration

    package init(
        service: AWSService, configuration: AWSClientConfiguration,
        executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(), retryPolicy: AWSRetryPolicy = .standard,
        timer: any Clock<Duration> = ContinuousClock(), clock: @escaping @Sendable () -> Date = { Date() },
        defaultTimeout: Duration? = nil, logger: Logger = Logger(label: "aws")
    ) {
        self.service = service
        self.configuration = configuration
        self.executor = executor
        var retryPolicy = retryPolicy
        if let attempts = configuration.maxAttempts { retryPolicy.maxAttempts = attempts }
        self.retryPolicy = retryPolicy
        self.timer = timer
        self.clock = clock
        self.defaultTimeout = defaultTimeout ?? configuration.attemptTimeout
        self.logger = logger
    }

    package var endpoint: AWSEndpoint { configuration.endpoint(for: service) }

    /// Encodes `input`, calls `operation` and decodes the answer. Throws ``AWSError``.
    package func send<Input: Encodable, Output: Decodable>(
        _ operation: String, _ input: Input, as output: Output.Type,
        timeout: Duration? = nil, idempotent: Bool = true
    ) async throws -> Output {
        let body: [UInt8]
        do {
            body = Array(try Self.encoder.encode(input))
        } catch {
            throw AWSError(kind: .invalidRequest, service: service.displayName, operation: operation, message: "cannot encode the request: \(error)")
        }
        let response = try await sendRaw(operation, body: body, timeout: timeout, idempotent: idempotent)
        do {
            // Some operations answer an empty body; decode it as an empty object.
            return try Self.decoder.decode(Output.self, from: Data(response.isEmpty ? Array("{}".utf8) : response))
        } catch {
            throw AWSError(kind: .invalidResponse, service: service.displayName, operation: operation, message: "cannot decode the response: \(error)")
        }
    }

    /// Sends a ready JSON body and returns the 2xx response body. Throws ``AWSError``.
    ///
    /// Within the configuration's deadline: an attempt gets at most the time left, and no retry
    /// starts that could not run for ``minimumAttempt`` before it.
    package func sendRaw(_ operation: String, body: [UInt8], timeout: Duration? = nil, idempotent: Bool = true) async throws -> [UInt8] {
        var attempt = 0
        while true {
            var limit = timeout ?? defaultTimeout
            if let left = timeLeft() {
                guard left > .zero else {
                    var late = AWSError(kind: .network, service: service.displayName, operation: operation, message: "the invocation's deadline passed before this call")
                    late.attempts = attempt
                    throw late
                }
                limit = min(limit, left)
            }
            attempt += 1
            var failure: AWSError
            do {
                let response = try await executor.execute(signedRequest(operation, body: body), timeout: limit)
                if (200..<300).contains(response.status) {
                    guard let damaged = Self.checksumMismatch(response) else { return response.body }
                    failure = AWSError(kind: .invalidResponse, service: service.displayName, operation: operation, message: damaged)
                } else {
                    failure = Self.serviceError(response, service: service, operation: operation)
                }
            } catch let error as CancellationError {
                throw error
            } catch {
                failure = AWSError(kind: .network, service: service.displayName, operation: operation, message: "\(error)")
            }
            failure.attempts = attempt
            let category = failure.category
            let retryable = category == .throttling || (category == .transient && idempotent)
            guard retryable, attempt < retryPolicy.maxAttempts, !Task.isCancelled else { throw failure }
            let delay = retryPolicy.delay(beforeRetry: attempt)
            if let left = timeLeft(), delay + Self.minimumAttempt > left { throw failure }
            logger.debug(
                "retrying AWS call",
                metadata: [
                    "service": "\(service.displayName)", "operation": "\(operation)", "attempt": "\(attempt)",
                    "error": "\(failure.code ?? "\(failure.kind)")", "delay": "\(delay)",
                ])
            try await timer.sleep(for: delay)
        }
    }

    /// No retry starts with less time than this left before the deadline.
    package static let minimumAttempt: Duration = .milliseconds(100)

    /// Time left before the configuration's deadline; nil without one.
    func timeLeft() -> Duration? {
        guard let deadline = configuration.deadline() else { return nil }
        let milliseconds = (deadline.timeIntervalSince(clock()) * 1000).rounded()
        return milliseconds > 0 ? .milliseconds(Int64(milliseconds)) : .zero
    }

    /// The longest a call can take with `policy`: every attempt running for its whole
    /// `attemptTimeout`, with the longest delay between them (no jitter).
    package static func worstCase(attempts: Int, attemptTimeout: Duration, policy: AWSRetryPolicy) -> Duration {
        var total = attemptTimeout * max(1, attempts)
        for retry in stride(from: 1, to: max(1, attempts), by: 1) { total += min(policy.baseDelay * (1 << min(retry - 1, 30)), policy.maxDelay) }
        return total
    }

    /// The signed HTTP request for one attempt (signed anew each time: `X-Amz-Date` must be fresh).
    func signedRequest(_ operation: String, body: [UInt8]) -> AWSHTTPRequest {
        let endpoint = self.endpoint
        let headers: [(name: String, value: String)] = [
            ("Host", endpoint.hostHeader),
            ("Content-Type", service.contentType),
            ("X-Amz-Target", service.target(operation)),
        ]
        let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: service.signingName)
        let signature = signer.sign(
            SigV4Request(method: "POST", path: endpoint.path, headers: headers, body: body),
            at: clock(), signContentHash: service.signsContentHash)
        return AWSHTTPRequest(url: endpoint.url, method: "POST", headers: headers + signature.headersToAdd, body: body)
    }

    /// Reads an error answer: `__type` (after `#`) or `x-amzn-ErrorType`, `message`/`Message`,
    /// and the SQS query-compatible code from `x-amzn-query-error`.
    static func serviceError(_ response: AWSHTTPResponse, service: AWSService, operation: String) -> AWSError {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        var code = (object?["__type"] as? String).map(Self.shortCode)
        if code == nil, let header = response.header("x-amzn-ErrorType") {
            code = Self.shortCode(String(header.split(separator: ":").first ?? Substring(header)))
        }
        // Authentication failures can come from a front end that answers in the query protocol's XML.
        let text = object == nil ? String(decoding: response.body.prefix(4096), as: UTF8.self) : ""
        if code == nil, let xmlCode = xmlElement("Code", in: text) { code = xmlCode }
        let queryCode = response.header("x-amzn-query-error").map { String($0.split(separator: ";").first ?? "") }
        // Bounded: some services echo request details in error messages.
        let message = String(((object?["message"] as? String) ?? (object?["Message"] as? String)
            ?? xmlElement("Message", in: text) ?? String(text.prefix(300))).prefix(500))
        var error = AWSError(
            kind: .service(statusCode: response.status), service: service.displayName, operation: operation,
            code: code, queryErrorCode: queryCode.flatMap { $0.isEmpty ? nil : $0 }, message: message,
            requestId: response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id"))
        error.errorBody = response.body
        return error
    }

    /// A message when the body does not match its `x-amz-crc32` header (damaged in transit).
    static func checksumMismatch(_ response: AWSHTTPResponse) -> String? {
        guard let header = response.header("x-amz-crc32"), let expected = UInt32(header) else { return nil }
        let actual = CRC32.checksum(response.body)
        return actual == expected ? nil : "response body CRC32 \(actual) does not match x-amz-crc32 \(expected)"
    }

    /// The text of the first `<name>…</name>` in `text`, if any.
    static func xmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        let value = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    static func shortCode(_ type: String) -> String {
        String(type.split(separator: "#").last ?? Substring(type))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static let decoder = JSONDecoder()
}
