import RepliesHTTP
import Testing

/// One tiny example route per router feature; new routes (operator API, console, metrics,
/// e-mail) rely on exactly these.
@Suite("HTTPRouter")
struct RouterTests {
    func respond(_ router: HTTPRouter, _ method: HTTPMethod, _ path: String, query: String? = nil,
                 headers: HTTPHeaders = [:], body: [UInt8] = []) async -> HTTPResponse {
        await router.respond(to: HTTPRequest(method: method, path: path, query: query, headers: headers), body: body)
    }

    @Test("path parameters are percent-decoded")
    func parameters() async {
        var router = HTTPRouter()
        router.add(.get, "/operator/v1/conversations/{pc}/{cid}/messages") { request in
            .text(200, "\(request.parameters["pc"] ?? "-")|\(request.parameters["cid"] ?? "-")")
        }
        let response = await respond(router, .get, "/operator/v1/conversations/%2B447700900123/ci%23pi%23r%2Fx/messages")
        #expect(response.status == 200)
        #expect(response.bodyText == "+447700900123|ci#pi#r/x\n")
    }

    @Test("a final {name...} takes the rest of the path")
    func rest() async {
        var router = HTTPRouter()
        router.add(.get, "/console/{file...}") { .text(200, "[\($0.parameters["file"] ?? "")]") }
        #expect(await respond(router, .get, "/console/css/app.css").bodyText == "[css/app.css]\n")
        #expect(await respond(router, .get, "/console").bodyText == "[]\n")
    }

    @Test("the raw query is kept exactly; query items are decoded")
    func query() async {
        var router = HTTPRouter()
        router.add(.get, "/metrics") { request in
            .text(200, "\(request.query ?? "-")|\(request.query("name") ?? "-")|\(request.query("b") ?? "-")")
        }
        let response = await respond(router, .get, "/metrics", query: "name=a%20b+c&b=%2B1")
        #expect(response.bodyText == "name=a%20b+c&b=%2B1|a b c|+1\n")
    }

    @Test("headers are case-insensitive")
    func headers() async {
        var router = HTTPRouter()
        router.add(.post, "/operator/v1/x") { request in
            .text(200, "\(request.headers["authorization"] ?? "-") \(request.headers["IDEMPOTENCY-KEY"] ?? "-")")
        }
        let response = await respond(router, .post, "/operator/v1/x", headers: ["Authorization": "Bearer t", "Idempotency-Key": "k1"])
        #expect(response.bodyText == "Bearer t k1\n")
    }

    @Test("each route has its own body limit: over it is 413 before the handler runs")
    func limits() async {
        var router = HTTPRouter()
        router.add(.post, "/small", maxBodyBytes: 4) { .text(200, "\($0.body.count)") }
        router.add(.post, "/email", maxBodyBytes: 1024) { .text(200, "\($0.body.count)") }
        #expect(await respond(router, .post, "/small", body: Array("1234".utf8)).bodyText == "4\n")
        #expect(await respond(router, .post, "/small", body: Array("12345".utf8)).status == 413)
        #expect(await respond(router, .post, "/email", body: Array(repeating: 0x61, count: 1000)).status == 200)
        #expect(HTTPRouter.defaultMaxBodyBytes == 64 * 1024)
    }

    @Test("unknown path 404; known path, other method 405 with Allow; bad escape 400")
    func notFoundAndMethods() async {
        var router = HTTPRouter()
        router.add(.get, "/operator/v1/conversations/{pc}/{cid}") { _ in .text(200, "get") }
        router.add(.post, "/operator/v1/conversations/{pc}/{cid}") { _ in .text(200, "post") }
        #expect(await respond(router, .get, "/nowhere").status == 404)
        #expect(await respond(router, .get, "/operator/v1/conversations/a").status == 404)
        #expect(await respond(router, .get, "/operator/v1/conversations/a/b/c").status == 404)
        let refused = await respond(router, .delete, "/operator/v1/conversations/a/b")
        #expect(refused.status == 405)
        #expect(refused.headers["allow"] == "GET, POST")
        #expect(await respond(router, .post, "/operator/v1/conversations/a/b/").bodyText == "post\n")
        #expect(await respond(router, .get, "/operator/v1/conversations/%zz/b").status == 400)
    }

    @Test("a handler's HTTPError gives its answer; any other error is 500 without details")
    func errors() async {
        struct Conflict: HTTPError { var response: HTTPResponse { .text(409, "idempotency key reused") } }
        struct Secret: Error {}
        var router = HTTPRouter()
        router.add(.post, "/conflict") { _ in throw Conflict() }
        router.add(.post, "/broken") { _ in throw Secret() }
        #expect(await respond(router, .post, "/conflict").status == 409)
        let broken = await respond(router, .post, "/broken")
        #expect(broken.status == 500 && !broken.bodyText.contains("Secret"))
    }

    @Test("JSON answers")
    func json() async {
        var router = HTTPRouter()
        router.add(.get, "/x") { _ in .json(200, ["b": 1, "a": 2]) }
        let response = await respond(router, .get, "/x")
        #expect(response.contentType == "application/json")
        #expect(response.bodyText == "{\"a\":2,\"b\":1}\n")
    }
}
