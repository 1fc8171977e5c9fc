/// `GET /console` (and its script and stylesheet): the staff console, served by `serve` and, on
/// AWS, by the `operator` function. Assets are compiled into the binary (the Lambda `bootstrap`
/// is one static file). The Content-Security-Policy allows nothing but this origin's script,
/// style and API: an injected `<script>` in a message could not run even if it were inserted.
extension HTTPRouter {
    static let consoleSecurityHeaders: HTTPHeaders = [
        "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    ]

    package mutating func addConsole() {
        add(.get, "/console") { _ in Self.consoleAsset("text/html; charset=utf-8", ConsolePage.html) }
        add(.get, "/console/app.js") { _ in Self.consoleAsset("text/javascript; charset=utf-8", ConsoleScript.javascript) }
        add(.get, "/console/app.css") { _ in Self.consoleAsset("text/css; charset=utf-8", ConsoleStyle.css) }
    }

    private static func consoleAsset(_ contentType: String, _ text: String) -> HTTPResponse {
        var response = HTTPResponse(status: 200, contentType: contentType, body: text)
        for (name, value) in consoleSecurityHeaders { response.headers[name] = value }
        return response
    }
}
