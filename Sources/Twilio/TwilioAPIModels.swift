/// The parts of Twilio's Message resource the engine reads (`POST`/`GET …/Messages.json`).
struct TwilioMessageResource: Decodable, Sendable {
    var sid: String
    var body: String?
    var dateCreated: String?

    enum CodingKeys: String, CodingKey {
        case sid, body
        case dateCreated = "date_created"
    }
}

/// One page of `GET …/Messages.json`.
struct TwilioMessagePage: Decodable, Sendable {
    var messages: [TwilioMessageResource]
    /// Relative to the API host, e.g. `/2010-04-01/Accounts/AC…/Messages.json?…&PageToken=…`.
    var nextPageURI: String?

    enum CodingKeys: String, CodingKey {
        case messages
        case nextPageURI = "next_page_uri"
    }
}

/// Twilio's error body: the legacy `{code, message, more_info, status}` or the newer RFC 9457
/// `{type, title, status, code, detail}`; both are read, as twilio-python does.
struct TwilioErrorBody: Decodable, Sendable {
    var code: Int?
    var message: String?
    var detail: String?
    var title: String?

    var text: String? { message ?? detail ?? title }
}
