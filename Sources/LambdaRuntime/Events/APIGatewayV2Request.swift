/// An API Gateway HTTP API (and Function URL) event, payload format 2.0. Every field is optional
/// so that unexpected shapes decode; the webhook adapter checks what it needs.
///
/// ```swift
/// let event = try JSONDecoder().decode(APIGatewayV2Request.self, from: data)
/// event.rawPath                         // "/dev/whatsapp" (may start with the stage)
/// event.requestContext?.http?.method    // "POST"
/// ```
public struct APIGatewayV2Request: Decodable, Sendable, Hashable {
    public struct RequestContext: Decodable, Sendable, Hashable {
        public struct HTTP: Decodable, Sendable, Hashable {
            public var method: String?
            public var path: String?

            public init(method: String? = nil, path: String? = nil) {
                self.method = method
                self.path = path
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                method = container.lenient(String.self, .method)
                path = container.lenient(String.self, .path)
            }

            enum CodingKeys: String, CodingKey { case method, path }
        }

        public var http: HTTP?
        public var stage: String?
        public var domainName: String?
        public var requestId: String?

        public init(http: HTTP? = nil, stage: String? = nil, domainName: String? = nil, requestId: String? = nil) {
            self.http = http
            self.stage = stage
            self.domainName = domainName
            self.requestId = requestId
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            http = container.lenient(HTTP.self, .http)
            stage = container.lenient(String.self, .stage)
            domainName = container.lenient(String.self, .domainName)
            requestId = container.lenient(String.self, .requestId)
        }

        enum CodingKeys: String, CodingKey { case http, stage, domainName, requestId }
    }

    public var version: String?
    public var routeKey: String?
    public var rawPath: String?
    public var rawQueryString: String?
    /// Lower-case names; repeated headers arrive comma-joined.
    public var headers: [String: String]?
    public var requestContext: RequestContext?
    public var body: String?
    public var isBase64Encoded: Bool?

    public init(
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

    public init(from decoder: any Decoder) throws {
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
