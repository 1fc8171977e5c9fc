import Foundation
import NIOHTTP1

/// One event fetched from `/runtime/invocation/next`, with the headers that describe it.
///
/// ```swift
/// let invocation = try await client.next()
/// let context = invocation.context(logger: logger)
/// ```
public struct LambdaInvocation: Sendable {
    public var requestId: String
    public var deadline: Date
    public var invokedFunctionArn: String?
    public var traceId: String?
    public var clientContext: String?
    public var cognitoIdentity: String?
    public var tenantId: String?
    public var event: Data

    public init(
        requestId: String, deadline: Date, invokedFunctionArn: String? = nil, traceId: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, tenantId: String? = nil, event: Data
    ) {
        self.requestId = requestId
        self.deadline = deadline
        self.invokedFunctionArn = invokedFunctionArn
        self.traceId = traceId
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantId = tenantId
        self.event = event
    }

    /// The header names of the Runtime API (`Lambda-Runtime-…`).
    public enum Header {
        public static let requestId = "Lambda-Runtime-Aws-Request-Id"
        public static let deadline = "Lambda-Runtime-Deadline-Ms"
        public static let functionArn = "Lambda-Runtime-Invoked-Function-Arn"
        public static let traceId = "Lambda-Runtime-Trace-Id"
        public static let clientContext = "Lambda-Runtime-Client-Context"
        public static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
        public static let tenantId = "Lambda-Runtime-Aws-Tenant-Id"
        public static let errorType = "Lambda-Runtime-Function-Error-Type"
    }

    /// Lambda's hard maximum timeout; used when a (non-conforming) emulator sends no deadline.
    static let fallbackBudget: TimeInterval = 900

    init(headers: HTTPHeaders, event: Data, now: Date) throws(LambdaRuntimeError) {
        guard let requestId = headers.first(name: Header.requestId), !requestId.isEmpty else {
            throw .missingHeader(Header.requestId)
        }
        let deadline = headers.first(name: Header.deadline).flatMap { Int64($0) }
            .map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) }
        self.init(
            requestId: requestId,
            deadline: deadline ?? now.addingTimeInterval(Self.fallbackBudget),
            invokedFunctionArn: headers.first(name: Header.functionArn),
            traceId: headers.first(name: Header.traceId),
            clientContext: headers.first(name: Header.clientContext),
            cognitoIdentity: headers.first(name: Header.cognitoIdentity),
            tenantId: headers.first(name: Header.tenantId),
            event: event)
    }
}
