package import Foundation
package import LambdaRuntime
import Logging
package import RepliesCore
package import RepliesHTTP

/// The `webhook` Lambda handler: the Lambda side of the HTTP seam. Every API Gateway proxy
/// event becomes a plain ``RepliesHTTP/HTTPRequest`` for the engine's ``HTTPRouter`` (the same
/// routes `serve` has), and its ``HTTPResponse`` becomes the proxy response. An event that is
/// not an HTTP request gets 400; this handler never throws, so API Gateway never sees a
/// function error for bad input.
///
/// ```swift
/// var router = HTTPRouter(logger: logger)
/// router.addWebhooks(endpoint)
/// let handler = HTTPEventHandler(router: router)
/// ```
package struct HTTPEventHandler: LambdaHandler {
    /// Twilio waits this long for the answer, then gives up (and calls the fallback URL).
    package static let twilioWait: Duration = .seconds(15)
    /// Kept before the invocation's deadline for answering (and for API Gateway to relay it).
    package static let answerMargin: Duration = .seconds(1)

    let router: HTTPRouter
    let clock: any WallClock

    package init(router: HTTPRouter, clock: any WallClock = SystemClock()) {
        self.router = router
        self.clock = clock
    }

    /// When the request's work must be over: Twilio's wait or the invocation's deadline,
    /// whichever comes first, less the time to answer. Calls past it fail, so the webhook
    /// answers `503` (not kept; retried with a retry override on the URL) instead of timing out.
    package func deadline(_ context: LambdaContext) -> Date {
        min(context.deadline, clock.now().adding(Self.twilioWait)).adding(.zero - Self.answerMargin)
    }

    package func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        try JSONEncoder().encode(await respond(to: event, context: context))
    }

    /// The proxy response for one event (also what ``handle(_:context:)`` encodes).
    package func respond(to event: Data, context: LambdaContext) async -> APIGatewayProxyResponse {
        let request: APIGatewayRequest
        do {
            request = try APIGatewayRequest(event: event)
        } catch {
            context.logger.notice("rejected an API Gateway event", metadata: ["reason": "\(error)", "bytes": "\(event.count)"])
            return APIGatewayProxyResponse(HTTPResponse.text(400, error.description))
        }
        let head = HTTPRequest(
            method: HTTPMethod(request.method), path: request.path, query: request.query, headers: HTTPHeaders(request.headers))
        let response = await InvocationDeadline.$current.withValue(deadline(context)) {
            await router.respond(to: head, body: request.body)
        }
        context.logger.debug("answered", metadata: ["path": "\(request.path)", "status": "\(response.status)"])
        return APIGatewayProxyResponse(response)
    }
}

extension APIGatewayProxyResponse {
    /// A router's answer as API Gateway expects it; repeated headers are joined with ", ".
    package init(_ response: HTTPResponse) {
        var headers: [String: String] = [:]
        for field in response.headers {
            headers[field.name] = headers[field.name].map { $0 + ", " + field.value } ?? field.value
        }
        self.init(statusCode: response.status, headers: headers, body: response.body)
    }
}
