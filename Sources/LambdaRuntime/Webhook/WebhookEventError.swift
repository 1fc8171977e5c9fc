/// Why an API Gateway event could not be turned into a webhook request; each maps to the HTTP
/// status the caller gets (the function itself never fails on bad input).
///
/// ```swift
/// WebhookEventError.unknownPath("/email").description   // "no webhook at path /email; use /whatsapp or /sms"
/// ```
package enum WebhookEventError: Error, Hashable, CustomStringConvertible {
    case notJSON
    case notAnAPIGatewayEvent
    case unknownPath(String)
    case methodNotAllowed(String)
    case invalidBase64Body

    package var description: String {
        switch self {
        case .notJSON: "the event is not a JSON object"
        case .notAnAPIGatewayEvent: "the event is neither an API Gateway REST (1.0) nor an HTTP API (2.0) proxy event"
        case .unknownPath(let path): "no webhook at path \(path); use /whatsapp or /sms"
        case .methodNotAllowed(let method): "method \(method) not allowed; Twilio webhooks use POST"
        case .invalidBase64Body: "the event says the body is base64 but it does not decode"
        }
    }

    var response: WebhookHTTPResponse {
        switch self {
        case .notJSON, .notAnAPIGatewayEvent, .invalidBase64Body: .plain(400, description)
        case .unknownPath: .plain(404, description)
        case .methodNotAllowed: .plain(405, description)
        }
    }
}
