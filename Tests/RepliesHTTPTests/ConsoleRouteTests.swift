import RepliesHTTP
import Testing

/// The staff console's assets: served with a policy that lets nothing but this origin's own
/// script, style and API run, and a script that never turns API text into markup.
@Suite struct ConsoleRouteTests {
    static func get(_ path: String) async -> HTTPResponse {
        var router = HTTPRouter()
        router.addConsole()
        return await router.respond(to: HTTPRequest(method: .get, path: path), body: [UInt8]())
    }

    @Test(arguments: [("/console", "text/html"), ("/console/app.js", "text/javascript"), ("/console/app.css", "text/css")])
    func assetsAreServedWithTheirTypeAndAStrictPolicy(path: String, type: String) async {
        let response = await Self.get(path)
        #expect(response.status == 200)
        #expect(response.contentType?.hasPrefix(type) == true)
        let policy = response.headers["Content-Security-Policy"] ?? ""
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
    }

    @Test func thePageLoadsOnlyRelativeAssetsAndTheScriptWritesTextOnly() async {
        let page = await Self.get("/console").bodyText
        #expect(page.contains(#"src="console/app.js""#) && page.contains(#"href="console/app.css""#), "relative: works under an API Gateway stage path")
        #expect(!page.contains("http://") && !page.contains("https://"), "nothing fetched from elsewhere")
        #expect(!page.contains("<script>"), "no inline script (the policy would block it anyway)")
        let script = await Self.get("/console/app.js").bodyText
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            #expect(!script.contains(sink), "\(sink): API text must reach the page as text only")
        }
        #expect(script.contains("sessionStorage") && !script.contains("localStorage"), "the token lives in this tab only")
    }
}
