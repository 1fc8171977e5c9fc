package import Logging

/// The engine's routes, independent of the server: each is a method, a ``PathPattern``, a body
/// limit and a handler. `serve` (Hummingbird) and Lambda (API Gateway events) both hand every
/// request to ``respond(to:body:)``, so a route registered here works on both shapes.
///
/// ```swift
/// var router = HTTPRouter(logger: logger)
/// router.add(.get, "/operator/v1/conversations/{pc}/{cid}") { request in
///     .json(200, try await console.conversation(request.parameters["pc"]!, request.parameters["cid"]!))
/// }
/// let response = await router.respond(to: head, body: bytes)
/// ```
/// Unknown paths get 404, a known path with another method 405 (with `Allow`), a body over the
/// route's limit 413, an invalid percent-escape in the path 400; a handler that throws gets
/// the error's ``HTTPError`` response, else 500.
package struct HTTPRouter: Sendable {
    package typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse

    package struct Route: Sendable {
        package let method: HTTPMethod
        package let pattern: PathPattern
        package let maxBodyBytes: Int
        let handler: Handler
    }

    /// Twilio's webhooks are far below this; a route that takes uploads sets its own limit.
    package static let defaultMaxBodyBytes = 64 * 1024

    package private(set) var routes: [Route] = []
    let logger: Logger

    package init(logger: Logger = Logger(label: "replies.http")) {
        self.logger = logger
    }

    package mutating func add(
        _ method: HTTPMethod, _ pattern: String, maxBodyBytes: Int = HTTPRouter.defaultMaxBodyBytes, _ handler: @escaping Handler
    ) {
        routes.append(Route(method: method, pattern: PathPattern(pattern), maxBodyBytes: maxBodyBytes, handler: handler))
    }

    /// What a method and path lead to.
    package enum Match: Sendable {
        case route(Route, parameters: [String: String])
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
        case badPath
    }

    package func match(method: HTTPMethod, path: String) -> Match {
        guard let segments = PathPattern.segments(of: path) else { return .badPath }
        var allowed: [HTTPMethod] = []
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            if route.method == method { return .route(route, parameters: parameters) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// Routes one request; `head.body` is ignored, the body comes from `body` within the route's limit.
    package func respond(to head: HTTPRequest, body: some HTTPBodySource) async -> HTTPResponse {
        switch match(method: head.method, path: head.path) {
        case .badPath:
            return refusal(head, 400, "invalid_request", "the path \(head.path) has an invalid percent-escape")
        case .notFound:
            return refusal(head, 404, "not_found", "nothing at \(head.path)")
        case .methodNotAllowed(let allowed):
            var response = refusal(head, 405, "method_not_allowed", "\(head.method) is not allowed at \(head.path)")
            response.headers["Allow"] = allowed.map(\.description).joined(separator: ", ")
            return response
        case .route(let route, let parameters):
            let bytes: [UInt8]
            do {
                guard let collected = try await body.collect(upTo: route.maxBodyBytes) else {
                    return refusal(head, 413, "payload_too_large", "body over \(route.maxBodyBytes) bytes")
                }
                bytes = collected
            } catch {
                return refusal(head, 400, "invalid_request", "the body could not be read")
            }
            var request = head
            request.body = bytes
            request.parameters = parameters
            do {
                return try await route.handler(request)
            } catch let error as any HTTPError {
                return error.response
            } catch {
                logger.error("route failed", metadata: ["route": "\(route.method) \(route.pattern)", "error": "\(error)"])
                return .text(500, "internal error; see the server log")
            }
        }
    }
}

extension HTTPRouter {
    /// The router's own refusals: plain text, except under the operator API, whose every error
    /// is its JSON error object (docs/operator-api.yaml).
    func refusal(_ head: HTTPRequest, _ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        guard head.path.hasPrefix("/operator/") else { return .text(status, message) }
        return OperatorResponses.error(status, code, message)
    }
}

/// An error a handler throws that knows its HTTP answer (404 for an unknown conversation, 409
/// for a conflicting idempotency key, …).
package protocol HTTPError: Error {
    var response: HTTPResponse { get }
}
