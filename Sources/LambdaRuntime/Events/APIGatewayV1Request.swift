/// An API Gateway REST API proxy event (payload format 1.0). Every field is optional so that a
/// hand-written or truncated event still decodes; the webhook adapter checks what it needs.
///
/// ```swift
/// let event = try JSONDecoder().decode(APIGatewayV1Request.self, from: data)
/// event.path              // "/whatsapp" (the resource path, without the stage)
/// event.requestContext?.stage   // "dev"
/// ```
package struct APIGatewayV1Request: Decodable, Sendable, Hashable {
    package struct RequestContext: Decodable, Sendable, Hashable {
        package var stage: String?
        package var path: String?
        package var domainName: String?
        package var requestId: String?

        package init(stage: String? = nil, path: String? = nil, domainName: String? = nil, requestId: String? = nil) {
            self.stage = stage
            self.path = path
            self.domainName = domainName
            self.requestId = requestId
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            stage = container.lenient(String.self, .stage)
            path = container.lenient(String.self, .path)
            domainName = container.lenient(String.self, .domainName)
            requestId = container.lenient(String.self, .requestId)
        }

        enum CodingKeys: String, CodingKey { case stage, path, domainName, requestId }
    }

    package var resource: String?
    package var path: String?
    package var httpMethod: String?
    package var headers: [String: String]?
    package var multiValueHeaders: [String: [String]]?
    package var queryStringParameters: [String: String]?
    package var multiValueQueryStringParameters: [String: [String]]?
    package var requestContext: RequestContext?
    package var body: String?
    package var isBase64Encoded: Bool?

    package init(
        resource: String? = nil, path: String? = nil, httpMethod: String? = nil, headers: [String: String]? = nil,
        multiValueHeaders: [String: [String]]? = nil, queryStringParameters: [String: String]? = nil,
        multiValueQueryStringParameters: [String: [String]]? = nil, requestContext: RequestContext? = nil,
        body: String? = nil, isBase64Encoded: Bool? = nil
    ) {
        self.resource = resource
        self.path = path
        self.httpMethod = httpMethod
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.queryStringParameters = queryStringParameters
        self.multiValueQueryStringParameters = multiValueQueryStringParameters
        self.requestContext = requestContext
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resource = container.lenient(String.self, .resource)
        path = container.lenient(String.self, .path)
        httpMethod = container.lenient(String.self, .httpMethod)
        headers = container.lenientStringMap(.headers)
        multiValueHeaders = container.lenientListMap(.multiValueHeaders)
        queryStringParameters = container.lenientStringMap(.queryStringParameters)
        multiValueQueryStringParameters = container.lenientListMap(.multiValueQueryStringParameters)
        requestContext = container.lenient(RequestContext.self, .requestContext)
        body = container.lenient(String.self, .body)
        isBase64Encoded = container.lenient(Bool.self, .isBase64Encoded)
    }

    enum CodingKeys: String, CodingKey {
        case resource, path, httpMethod, headers, multiValueHeaders, queryStringParameters
        case multiValueQueryStringParameters, requestContext, body, isBase64Encoded
    }
}
