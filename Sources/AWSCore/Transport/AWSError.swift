/// A failed AWS call: what went wrong, whether retrying can help, and what to do.
///
/// Service errors carry the code AWS sent (the part of `__type` after `#`, or the
/// `x-amzn-query-error` code for SQS). ``category`` sorts every failure into throttling,
/// transient, authentication or client errors; only the first two are retried.
///
/// ```swift
/// do { try await dynamo.putItem(request) }
/// catch let error as AWSError where error.code == "ResourceNotFoundException" { … }
/// ```
package struct AWSError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        /// The service answered with an error status.
        case service(statusCode: Int)
        /// No usable answer: connection refused/reset, timeout, TLS.
        case network
        /// The service answered 2xx with a body we could not read.
        case invalidResponse
        /// The request could not be built (encoding failed, bad parameter).
        case invalidRequest
    }

    package var kind: Kind
    /// `DynamoDB`, `SQS`, `Secrets Manager`.
    package var service: String
    package var operation: String
    /// AWS error code (`ConditionalCheckFailedException`, `QueueDoesNotExist`, …), nil for non-service errors.
    package var code: String?
    /// SQS's legacy query-protocol code from `x-amzn-query-error` (`AWS.SimpleQueueService.NonExistentQueue`).
    package var queryErrorCode: String?
    package var message: String
    package var requestId: String?
    /// How many attempts were made before giving up.
    package var attempts: Int
    /// The raw error body, kept for operations that read more than the code (DynamoDB's `Item`).
    var errorBody: [UInt8]?

    package init(
        kind: Kind, service: String, operation: String, code: String? = nil, queryErrorCode: String? = nil,
        message: String, requestId: String? = nil, attempts: Int = 1
    ) {
        self.kind = kind
        self.service = service
        self.operation = operation
        self.code = code
        self.queryErrorCode = queryErrorCode
        self.message = message
        self.requestId = requestId
        self.attempts = attempts
    }

    package var statusCode: Int? {
        if case .service(let status) = kind { return status }
        return nil
    }

    /// True when `code` or `queryErrorCode` is `name`.
    package func hasCode(_ name: String) -> Bool { code == name || queryErrorCode == name }

    package var category: AWSErrorCategory { AWSErrorCategory.classify(self) }

    /// Whether a later attempt may succeed (throttling and transient failures).
    package var isRetryable: Bool { category == .throttling || category == .transient }

    package var description: String {
        var text = "\(service) \(operation) failed"
        switch kind {
        case .service(let status): text += ": \(code ?? "HTTP \(status)") (HTTP \(status))"
        case .network: text += ": network error"
        case .invalidResponse: text += ": unreadable response"
        case .invalidRequest: text += ": invalid request"
        }
        if !message.isEmpty { text += ": \(message)" }
        if attempts > 1 { text += " [after \(attempts) attempts]" }
        if let requestId { text += " [request id \(requestId)]" }
        return text + ". " + category.advice
    }
}

/// What kind of failure an ``AWSError`` is, and so whether to retry it.
package enum AWSErrorCategory: Sendable, Hashable {
    /// The service is shedding load: retry with backoff.
    case throttling
    /// 5xx or network trouble: retry with backoff.
    case transient
    /// The request was refused as unauthenticated or unauthorised: never retried.
    case authentication
    /// Anything else the caller must fix (validation, missing resource, conditional failure).
    case client

    package var advice: String {
        switch self {
        case .throttling: "AWS is throttling; retry later or raise the capacity/limits."
        case .transient: "Transient failure; retrying is safe."
        case .authentication:
            "Not retried: check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, the IAM policy (docs/AWS.md) and the system clock."
        case .client: "Not retried: the request or the resource it names must be fixed."
        }
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "RequestThrottled",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException", "AWS.SimpleQueueService.RequestThrottled",
    ]
    static let transientCodes: Set<String> = [
        "InternalServerError", "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException",
        "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError", "InternalServiceError",
        "AWS.SimpleQueueService.InternalError", "KMSInternalException",
    ]
    static let authenticationCodes: Set<String> = [
        "SignatureDoesNotMatch", "InvalidSignatureException", "IncompleteSignature", "IncompleteSignatureException",
        "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId", "MissingAuthenticationToken",
        "MissingAuthenticationTokenException", "AccessDenied", "AccessDeniedException", "ExpiredToken",
        "ExpiredTokenException", "RequestExpired", "AuthFailure", "NotAuthorized", "InvalidToken",
        "AWS.SimpleQueueService.AccessDenied",
    ]

    static func classify(_ error: AWSError) -> AWSErrorCategory {
        switch error.kind {
        case .network: return .transient
        case .invalidResponse: return .transient
        case .invalidRequest: return .client
        case .service(let status):
            let codes = [error.code, error.queryErrorCode].compactMap { $0 }
            if codes.contains(where: authenticationCodes.contains) { return .authentication }
            if codes.contains(where: throttlingCodes.contains) || status == 429 { return .throttling }
            if codes.contains(where: transientCodes.contains) || status >= 500 { return .transient }
            if status == 401 || status == 403 { return .authentication }
            return .client
        }
    }
}
