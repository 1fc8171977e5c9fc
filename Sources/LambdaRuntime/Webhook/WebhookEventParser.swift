import Foundation
import RepliesCore

/// Turns an API Gateway proxy event (REST 1.0 or HTTP API 2.0) into a ``WebhookHTTPRequest``.
///
/// - Version: 2.0 when `version` says so (or `rawPath` is present without `httpMethod`),
///   otherwise 1.0 when `httpMethod`/`path` are present.
/// - Path: the channel is the last path segment, because a 2.0 `rawPath` may start with the
///   stage (`/dev/whatsapp`) and a 1.0 `path` may carry a custom-domain base path.
/// - Body: base64 is undone whenever `isBase64Encoded` is true (HTTP APIs always encode form bodies).
/// - Query: 2.0 `rawQueryString` as is; 1.0 rebuilt, see ``QueryStringBuilder``.
///
/// ```swift
/// let request = try WebhookEventParser.parse(eventData)
/// ```
enum WebhookEventParser {
    static let signatureHeader = "x-twilio-signature"

    static func parse(_ event: Data) throws(WebhookEventError) -> WebhookHTTPRequest {
        guard let json = try? OrderedJSON.parse(Array(event)), json.members != nil else { throw .notJSON }
        let isV2 = json["version"]?.stringValue == "2.0" || (json["rawPath"] != nil && json["httpMethod"] == nil)
        if isV2 {
            guard let v2 = try? JSONDecoder().decode(APIGatewayV2Request.self, from: event) else { throw .notAnAPIGatewayEvent }
            return try request(
                method: v2.requestContext?.http?.method, path: v2.rawPath ?? v2.requestContext?.http?.path,
                query: v2.rawQueryString.flatMap { $0.isEmpty ? nil : $0 },
                signature: header(signatureHeader, in: v2.headers, multiValue: nil),
                body: v2.body, isBase64Encoded: v2.isBase64Encoded ?? false)
        }
        guard json["httpMethod"] != nil || json["path"] != nil,
              let v1 = try? JSONDecoder().decode(APIGatewayV1Request.self, from: event)
        else { throw .notAnAPIGatewayEvent }
        return try request(
            method: v1.httpMethod, path: v1.path ?? v1.resource,
            query: QueryStringBuilder.build(QueryStringBuilder.parameters(fromV1Event: json)),
            signature: header(signatureHeader, in: v1.headers, multiValue: v1.multiValueHeaders),
            body: v1.body, isBase64Encoded: v1.isBase64Encoded ?? false)
    }

    private static func request(
        method: String?, path: String?, query: String?, signature: String?, body: String?, isBase64Encoded: Bool
    ) throws(WebhookEventError) -> WebhookHTTPRequest {
        guard let path, !path.isEmpty else { throw .notAnAPIGatewayEvent }
        if let method, method.uppercased() != "POST" { throw .methodNotAllowed(method) }
        let lastSegment = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? ""
        guard let channel = Channel(rawValue: lastSegment) else { throw .unknownPath(path) }
        let bytes: [UInt8]
        if isBase64Encoded {
            guard let decoded = Data(base64Encoded: body ?? "") else { throw .invalidBase64Body }
            bytes = Array(decoded)
        } else {
            bytes = Array((body ?? "").utf8)
        }
        return WebhookHTTPRequest(path: channel.webhookPath, query: query, signature: signature, body: bytes)
    }

    /// Header names are case-insensitive; REST events keep the sender's spelling.
    static func header(_ name: String, in headers: [String: String]?, multiValue: [String: [String]]?) -> String? {
        if let value = headers?.first(where: { $0.key.lowercased() == name })?.value { return value }
        return multiValue?.first(where: { $0.key.lowercased() == name })?.value.first
    }
}
