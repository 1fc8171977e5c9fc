package import Hummingbird
import Logging
import NIOCore
import RepliesCore

/// Routes of the embedded HTTP server: the channel webhooks and `GET /healthz`.
///
/// ```swift
/// let router = WebhookRouter.build(endpoint: endpoint)
/// let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
/// ```
package enum WebhookRouter {
    package static func build(endpoint: WebhookEndpoint) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}\n")))
        }
        for channel in Channel.allCases {
            router.post(RouterPath(channel.webhookPath)) { request, _ in
                // One byte over the limit is enough to answer 413 without reading everything.
                let buffer: ByteBuffer
                do {
                    buffer = try await request.body.collect(upTo: WebhookEndpoint.maxBodyBytes + 1)
                } catch {
                    return render(WebhookResponse(status: 413, contentType: "text/plain; charset=utf-8", body: "body too large\n"))
                }
                let signature = request.headers.first { $0.name.canonicalName == "x-twilio-signature" }?.value
                let query = request.uri.query
                let response = await endpoint.handle(
                    path: channel.webhookPath, query: query, signature: signature, body: Array(buffer.readableBytesView))
                return render(response)
            }
        }
        return router
    }

    static func render(_ response: WebhookResponse) -> Response {
        var headers: HTTPFields = [.contentType: response.contentType]
        if let debug = response.debugOutcome {
            for (name, value) in debug.headers {
                // HTTPField itself is not re-exported by Hummingbird; its Name is reachable this way.
                if let field = HTTPFields.Element.Name(name) { headers[field] = value }
            }
        }
        return Response(
            status: HTTPResponse.Status(code: response.status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: response.body)))
    }
}
