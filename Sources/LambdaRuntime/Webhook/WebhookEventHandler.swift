package import Foundation
import Logging

/// The `webhook` Lambda handler: API Gateway proxy event in, proxy response out, with the
/// Twilio endpoint injected as a closure. Malformed events get a 4xx response; this handler
/// never throws, so API Gateway never sees a function error for bad input.
///
/// ```swift
/// let handler = WebhookEventHandler { request in
///     let answer = await endpoint.handle(
///         path: request.path, query: request.query, signature: request.signature, body: request.body)
///     return WebhookHTTPResponse(status: answer.status, contentType: answer.contentType, body: answer.body)
/// }
/// ```
package struct WebhookEventHandler: LambdaHandler {
    package typealias Endpoint = @Sendable (WebhookHTTPRequest) async -> WebhookHTTPResponse

    private let endpoint: Endpoint

    package init(endpoint: @escaping Endpoint) {
        self.endpoint = endpoint
    }

    package func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        let response = await respond(to: event, context: context)
        return try JSONEncoder().encode(response)
    }

    /// The proxy response for one event (also what ``handle(_:context:)`` encodes).
    package func respond(to event: Data, context: LambdaContext) async -> APIGatewayProxyResponse {
        let request: WebhookHTTPRequest
        do {
            request = try WebhookEventParser.parse(event)
        } catch {
            context.logger.notice("rejected a webhook event", metadata: ["reason": "\(error)", "bytes": "\(event.count)"])
            return error.response.proxyResponse
        }
        let response = await endpoint(request)
        context.logger.debug("webhook answered", metadata: ["path": "\(request.path)", "status": "\(response.status)"])
        return response.proxyResponse
    }
}
