package import Foundation

/// The HTTP request inside an API Gateway proxy event (REST 1.0 or HTTP API 2.0), whatever the
/// application: method, path, raw query, headers and body bytes.
///
/// - Version: 2.0 when `version` says so (or `rawPath` is present without `httpMethod`),
///   otherwise 1.0 when `httpMethod`/`path` are present.
/// - Path: 2.0 `rawPath` without the stage prefix (`/dev/whatsapp` → `/whatsapp`, unless the
///   stage is `$default`); 1.0 the `resource` when it is a literal path (so a custom-domain base
///   path does not matter), else `path` (`{proxy+}` and parameterised resources).
/// - Body: base64 is undone whenever `isBase64Encoded` is true (HTTP APIs always encode form bodies).
/// - Query: 2.0 `rawQueryString` as is; 1.0 rebuilt, see ``QueryStringBuilder``.
///
/// ```swift
/// let request = try APIGatewayRequest(event: eventData)
/// request.path   // "/whatsapp"
/// ```
package struct APIGatewayRequest: Sendable, Hashable {
    package var method: String
    package var path: String
    package var query: String?
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(event: Data) throws(APIGatewayEventError) {
        guard let json = try? OrderedJSON.parse(Array(event)), json.members != nil else { throw .notJSON }
        let isV2 = json["version"]?.stringValue == "2.0" || (json["rawPath"] != nil && json["httpMethod"] == nil)
        if isV2 {
            guard let v2 = try? JSONDecoder().decode(APIGatewayV2Request.self, from: event),
                  let method = v2.requestContext?.http?.method, let rawPath = v2.rawPath ?? v2.requestContext?.http?.path
            else { throw .notAnAPIGatewayEvent }
            try self.init(
                method: method, path: Self.withoutStage(rawPath, stage: v2.requestContext?.stage),
                query: v2.rawQueryString, headers: (v2.headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                body: v2.body, isBase64Encoded: v2.isBase64Encoded ?? false)
            return
        }
        guard json["httpMethod"] != nil || json["path"] != nil,
              let v1 = try? JSONDecoder().decode(APIGatewayV1Request.self, from: event),
              let method = v1.httpMethod, let path = Self.v1Path(v1)
        else { throw .notAnAPIGatewayEvent }
        try self.init(
            method: method, path: path,
            query: QueryStringBuilder.build(QueryStringBuilder.parameters(fromV1Event: json)),
            headers: Self.v1Headers(v1), body: v1.body, isBase64Encoded: v1.isBase64Encoded ?? false)
    }

    private init(
        method: String, path: String, query: String?, headers: [(name: String, value: String)], body: String?, isBase64Encoded: Bool
    ) throws(APIGatewayEventError) {
        guard !path.isEmpty else { throw .notAnAPIGatewayEvent }
        self.method = method.uppercased()
        self.path = path
        self.query = query.flatMap { $0.isEmpty ? nil : $0 }
        self.headers = headers
        if isBase64Encoded {
            guard let decoded = Data(base64Encoded: body ?? "") else { throw .invalidBase64Body }
            self.body = Array(decoded)
        } else {
            self.body = Array((body ?? "").utf8)
        }
    }

    static func withoutStage(_ rawPath: String, stage: String?) -> String {
        guard let stage, !stage.isEmpty, stage != "$default" else { return rawPath }
        let prefix = "/" + stage
        if rawPath == prefix { return "/" }
        return rawPath.hasPrefix(prefix + "/") ? String(rawPath.dropFirst(prefix.count)) : rawPath
    }

    static func v1Path(_ event: APIGatewayV1Request) -> String? {
        if let resource = event.resource, !resource.isEmpty, !resource.contains("{") { return resource }
        return event.path ?? event.resource
    }

    /// Every value of every header: the multi-value map when the event has one (it holds all
    /// of them), else the single-value map.
    static func v1Headers(_ event: APIGatewayV1Request) -> [(name: String, value: String)] {
        if let multi = event.multiValueHeaders, !multi.isEmpty {
            return multi.sorted { $0.key < $1.key }.flatMap { name, values in values.map { (name: name, value: $0) } }
        }
        return (event.headers ?? [:]).sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    package static func == (lhs: APIGatewayRequest, rhs: APIGatewayRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.body == rhs.body
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
        hasher.combine(query)
        hasher.combine(body)
    }
}
