package import Foundation
import Logging
import NIOHTTP1

/// One event fetched from `/runtime/invocation/next`, and what its headers say about it.
///
/// ```swift
/// let invocation = try await client.next(logger: logger)
/// let answer = try await handler.handle(invocation.event, context: invocation.context)
/// ```
package struct LambdaInvocation: Sendable {
    /// The headers' metadata as a handler sees it; the loop adds the request id to its logger.
    package var context: LambdaContext
    package var event: Data

    package init(context: LambdaContext, event: Data) {
        self.context = context
        self.event = event
    }

    /// The header names of the Runtime API (`Lambda-Runtime-…`).
    package enum Header {
        package static let requestId = "Lambda-Runtime-Aws-Request-Id"
        package static let deadline = "Lambda-Runtime-Deadline-Ms"
        package static let functionArn = "Lambda-Runtime-Invoked-Function-Arn"
        package static let traceId = "Lambda-Runtime-Trace-Id"
        package static let clientContext = "Lambda-Runtime-Client-Context"
        package static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
        package static let tenantId = "Lambda-Runtime-Aws-Tenant-Id"
        package static let errorType = "Lambda-Runtime-Function-Error-Type"
    }

    /// Lambda's hard maximum timeout; used when a (non-conforming) emulator sends no deadline.
    static let fallbackBudget: TimeInterval = 900

    init(headers: HTTPHeaders, event: Data, now: Date, logger: Logger) throws(LambdaRuntimeError) {
        guard let requestId = headers.first(name: Header.requestId), !requestId.isEmpty else {
            throw .missingHeader(Header.requestId)
        }
        let deadline = headers.first(name: Header.deadline).flatMap { Int64($0) }
            .map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) }
        let context = LambdaContext(
            requestId: requestId,
            deadline: deadline ?? now.addingTimeInterval(Self.fallbackBudget),
            invokedFunctionArn: headers.first(name: Header.functionArn),
            traceId: headers.first(name: Header.traceId),
            clientContext: headers.first(name: Header.clientContext),
            cognitoIdentity: headers.first(name: Header.cognitoIdentity),
            tenantId: headers.first(name: Header.tenantId),
            logger: logger)
        self.init(context: context, event: event)
    }
}
