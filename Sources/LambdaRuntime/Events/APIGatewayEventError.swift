/// Why an event could not be read as an API Gateway proxy request; the HTTP adapter answers
/// 400 with this text (the function itself never fails on bad input).
///
/// ```swift
/// APIGatewayEventError.notJSON.description   // "the event is not a JSON object"
/// ```
package enum APIGatewayEventError: Error, Hashable, CustomStringConvertible {
    case notJSON
    case notAnAPIGatewayEvent
    case invalidBase64Body

    package var description: String {
        switch self {
        case .notJSON: "the event is not a JSON object"
        case .notAnAPIGatewayEvent: "the event is neither an API Gateway REST (1.0) nor an HTTP API (2.0) proxy event"
        case .invalidBase64Body: "the event says the body is base64 but it does not decode"
        }
    }
}
