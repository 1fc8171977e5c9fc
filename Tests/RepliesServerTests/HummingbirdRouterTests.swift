import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RepliesHTTP
import RepliesServer
import Testing

/// The same routes through `serve`'s Hummingbird adapter (HummingbirdTesting's router
/// framework: no socket), so both shapes answer alike.
@Suite("serve's Hummingbird adapter")
struct HummingbirdRouterTests {
    static var router: HTTPRouter {
        var router = HTTPRouter()
        router.addHealth()
        router.add(.post, "/echo/{name}", maxBodyBytes: 8) { request in
            var response = RepliesHTTP.HTTPResponse(status: 201, body: request.body)
            response.headers["Content-Type"] = "application/octet-stream"
            response.headers["X-Name"] = request.parameters["name"]
            response.headers["X-Query"] = request.query ?? "-"
            response.headers["X-Header"] = request.headers["x-custom"] ?? "-"
            return response
        }
        return router
    }

    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(responder: RouterResponder(router: Self.router), logger: Logger(label: "test"))
        try await app.test(.router, body)
    }

    @Test("method, path parameters, query, headers and body bytes reach the route; status, headers and body come back")
    func roundTrip() async throws {
        try await withApp { client in
            try await client.execute(
                uri: "/echo/a%20b?x=1&y=%2B", method: .post, headers: [HTTPField.Name("X-Custom")!: "v"],
                body: ByteBuffer(bytes: [0, 1, 2, 255])
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.contentType] == "application/octet-stream")
                #expect(response.headers[HTTPField.Name("X-Name")!] == "a b")
                #expect(response.headers[HTTPField.Name("X-Query")!] == "x=1&y=%2B")
                #expect(response.headers[HTTPField.Name("X-Header")!] == "v")
                #expect(Array(response.body.readableBytesView) == [0, 1, 2, 255])
            }
        }
    }

    @Test("over the route's limit is 413; unknown 404; wrong method 405")
    func refusals() async throws {
        try await withApp { client in
            try await client.execute(uri: "/echo/x", method: .post, body: ByteBuffer(bytes: Array(repeating: 1, count: 9))) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/nothing", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/echo/x", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{\"status\":\"ok\"}\n")
            }
        }
    }
}
