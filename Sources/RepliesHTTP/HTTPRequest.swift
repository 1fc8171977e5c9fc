/// A request as the engine's routes see it, whichever shape received it (Hummingbird in
/// `serve`, an API Gateway event on Lambda): method, path, the raw query, headers and the body.
///
/// ```swift
/// let request = HTTPRequest(method: .post, path: "/whatsapp", query: nil, headers: ["X-Twilio-Signature": sig], body: bytes)
/// request.headers["x-twilio-signature"]   // sig
/// ```
package struct HTTPRequest: Sendable, Hashable {
    package var method: HTTPMethod
    /// The path as received (still percent-encoded), without query, stage or base path.
    package var path: String
    /// The query string exactly as received, without `?`; nil when there is none. Twilio signs
    /// the URL with it, so it is never re-encoded.
    package var query: String?
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// Percent-decoded values of the route pattern's `{name}` segments (set by the router).
    package var parameters: [String: String]

    package init(
        method: HTTPMethod, path: String, query: String? = nil, headers: HTTPHeaders = [:], body: [UInt8] = [],
        parameters: [String: String] = [:]
    ) {
        self.method = method
        self.path = path
        self.query = query.flatMap { $0.isEmpty ? nil : $0 }
        self.headers = headers
        self.body = body
        self.parameters = parameters
    }

    /// The query's `name=value` pairs, percent-decoded (`+` as space, as HTML forms send it).
    package var queryItems: [(name: String, value: String)] {
        FormEncoding.pairs(query ?? "")
    }

    /// The first query value of `name`.
    package func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}

/// Request methods the routes use; anything else is carried as `.other` and answered 405.
package enum HTTPMethod: Sendable, Hashable, CustomStringConvertible {
    case get, head, post, put, patch, delete, options
    case other(String)

    package init(_ text: String) {
        switch text.uppercased() {
        case "GET": self = .get
        case "HEAD": self = .head
        case "POST": self = .post
        case "PUT": self = .put
        case "PATCH": self = .patch
        case "DELETE": self = .delete
        case "OPTIONS": self = .options
        default: self = .other(text.uppercased())
        }
    }

    package var description: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .patch: "PATCH"
        case .delete: "DELETE"
        case .options: "OPTIONS"
        case .other(let text): text
        }
    }
}
