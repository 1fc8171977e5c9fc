package import Foundation
package import Logging

/// What a handler knows about the invocation it is serving.
///
/// ```swift
/// if context.remaining(now: Date()) < .seconds(10) {
///     // stop starting new work: the function is about to time out
/// }
/// context.logger.info("handling", metadata: ["request": "\(context.requestId)"])
/// ```
package struct LambdaContext: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    package var requestId: String
    /// When Lambda stops the invocation (`Lambda-Runtime-Deadline-Ms`).
    package var deadline: Date
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    package var invokedFunctionArn: String?
    /// `Lambda-Runtime-Trace-Id` (also exported as `_X_AMZN_TRACE_ID` during the invocation).
    package var traceId: String?
    /// `Lambda-Runtime-Client-Context`, raw JSON (mobile SDK invocations only).
    package var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity`, raw JSON (mobile SDK invocations only).
    package var cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`, for tenant-isolation mode.
    package var tenantId: String?
    /// A logger carrying the request id.
    package var logger: Logger

    package init(
        requestId: String, deadline: Date, invokedFunctionArn: String? = nil, traceId: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, tenantId: String? = nil, logger: Logger
    ) {
        self.requestId = requestId
        self.deadline = deadline
        self.invokedFunctionArn = invokedFunctionArn
        self.traceId = traceId
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantId = tenantId
        self.logger = logger
    }

    /// Time left before the deadline as seen at `now` (zero once it has passed). Take `now` from
    /// an injected clock so tests control it.
    package func remaining(now: Date) -> Duration {
        let milliseconds = (deadline.timeIntervalSince(now) * 1000).rounded(.down)
        return milliseconds > 0 ? .milliseconds(Int64(milliseconds)) : .zero
    }
}
