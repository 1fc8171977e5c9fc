package import Hummingbird
import HTTPTypes
import NIOCore
package import RepliesHTTP

/// `serve`'s side of the HTTP seam: every Hummingbird request goes, as a plain
/// ``RepliesHTTP/HTTPRequest``, to the engine's ``HTTPRouter``, and its ``HTTPResponse`` goes back
/// as is. No route is registered with Hummingbird itself, so both shapes serve the same routes.
///
/// ```swift
/// let app = Application(responder: RouterResponder(router: router), configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
/// ```
package struct RouterResponder: HTTPResponder {
    package typealias Context = BasicRequestContext

    let router: HTTPRouter
    let inFlight: InFlightLimit

    /// - Parameter maxConcurrentRequests: requests answered at once; one more is answered `503`
    ///   with `Retry-After: 1` at once, its body unread.
    package init(router: HTTPRouter, maxConcurrentRequests: Int = .max) {
        self.router = router
        self.inFlight = InFlightLimit(maximum: maxConcurrentRequests)
    }

    package func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        guard inFlight.enter() else {
            // Never a silent drop: the sender learns nothing was kept (Twilio retries a 5xx when
            // the webhook URL carries a retry override, docs/DEPLOY.md).
            return Response(
                status: .serviceUnavailable, headers: [.retryAfter: "1", .contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "too many requests at once; retry in a second\n")))
        }
        defer { inFlight.leave() }
        let head = RepliesHTTP.HTTPRequest(
            method: HTTPMethod(request.method.rawValue), path: request.uri.path, query: request.uri.query,
            headers: HTTPHeaders(request.headers.map { (name: $0.name.rawName, value: $0.value) }))
        let response = await router.respond(to: head, body: StreamedBody(body: request.body))
        var fields = HTTPFields()
        for field in response.headers {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        return Response(
            status: .init(code: response.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}

/// A Hummingbird request body read only up to the route's limit.
struct StreamedBody: HTTPBodySource {
    let body: RequestBody

    func collect(upTo limit: Int) async throws -> [UInt8]? {
        do {
            // Stops as soon as the limit is passed: an oversized body is never read whole.
            let buffer = try await body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            return nil
        }
    }
}
