/// An API Gateway HTTP API (and Function URL) event, payload format 2.0. Every field is optional
/// so that unexpected shapes decode; the webhook adapter checks what it needs.
///
/// ```swift
/// let event = try JSONDecoder().decode(APIGatewayV2Request.self, from: data)
/// event.rawPath                         // "/dev/whatsapp" (may start with the stage)
/// event.requestContext?.http?.method    // "POST"
/// ```
package struct APIGatewayV2Request: Decodable, Sendable, Hashable {
    package struct RequestContext: Decodable, Sendable, Hashable {
        package struct HTTP: Decodable, Sendable, Hashable {
            package var method: String?
            package var path: String?

            package init(method: String? = nil, path: String? = nil) {
                self.method = method
                self.path = path
            }

            package init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                method = container.lenient(String.self, .method)
                path = container.lenient(String.self, .path)
            }

            enum CodingKeys: String, CodingKey { case method, path }
        }

        package var http: HTTP?
        package var stage: String?
        package var domainName: String?
        package var requestId: String?

        package init(http: HTTP? = nil, stage: String? = nil, domainName: String? = nil, requestId: String? = nil) {
            self.http = http
            self.stage = stage
            self.domainName = domainName
            self.requestId = requestId
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            http = container.lenient(HTTP.self, .http)
            stage = container.lenient(String.self, .stage)
            domainName = container.lenient(String.self, .domainName)
            requestId = container.lenient(String.self, .requestId)
        }

        enum CodingKeys: String, CodingKey { case http, stage, domainName, requestId }
    }

    package var version: String?
    package var routeKey: String?
    package var rawPath: String?
    package var rawQueryString: String?
    /// Lower-case names; repeated headers arrive comma-joined.
    package var headers: [String: String]?
    package var requestContext: RequestContext?
    package var body: String?
    package var isBase64Encoded: Bool?

    package init(
        version: String? = "2.0", routeKey: String? = nil, rawPath: String? = nil, rawQueryString: String? = nil,
        headers: [String: String]? = nil, requestContext: RequestContext? = nil, body: String? = nil, isBase64Encoded: Bool? = nil
    ) {
        self.version = version
        self.routeKey = routeKey
        self.rawPath = rawPath
        self.rawQueryString = rawQueryString
        self.headers = headers
        self.requestContext = requestContext
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = container.lenient(String.self, .version)
        routeKey = container.lenient(String.self, .routeKey)
        rawPath = container.lenient(String.self, .rawPath)
        rawQueryString = container.lenient(String.self, .rawQueryString)
        headers = container.lenientStringMap(.headers)
        requestContext = container.lenient(RequestContext.self, .requestContext)
        body = container.lenient(String.self, .body)
        isBase64Encoded = container.lenient(Bool.self, .isBase64Encoded)
    }

    enum CodingKeys: String, CodingKey {
        case version, routeKey, rawPath, rawQueryString, headers, requestContext, body, isBase64Encoded
    }
}
