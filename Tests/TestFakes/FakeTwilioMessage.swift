package import Foundation

extension FakeTwilio {
    /// A message the fake accepted (or was seeded with), as Twilio's Message resource.
    ///
    /// ```swift
    /// let sent = await twilio.sentMessages()
    /// #expect(sent.map(\.to) == ["whatsapp:+447700900123"])
    /// ```
    package struct Message: Sendable, Hashable {
        package var sid: String
        package var accountSid: String
        /// With channel prefix, as sent: `whatsapp:+447700900123` or `+447700900123`.
        package var to: String
        package var from: String
        package var body: String
        package var dateCreated: Date
        package var status: String
        /// The `StatusCallback` the create request asked for, if any.
        package var statusCallback: String?

        package init(sid: String = FakeTwilio.newMessageSid(), accountSid: String, to: String, from: String, body: String,
                    dateCreated: Date, status: String = "queued", statusCallback: String? = nil) {
            self.statusCallback = statusCallback
            self.sid = sid
            self.accountSid = accountSid
            self.to = to
            self.from = from
            self.body = body
            self.dateCreated = dateCreated
            self.status = status
        }
    }

    /// `SM` + 32 lower-case hex digits, like Twilio's message SIDs.
    package static func newMessageSid() -> String {
        "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Twilio's JSON date format (RFC 2822, UTC): `Tue, 24 Nov 2026 10:02:31 +0000`.
    /// Formatted independently of the client's parser so tests compare two implementations.
    package static func rfc2822(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[((c.weekday ?? 1) - 1) % 7]
        let month = months[((c.month ?? 1) - 1) % 12]
        func pad(_ value: Int?, _ width: Int = 2) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(weekday), \(pad(c.day)) \(month) \(pad(c.year, 4)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) +0000"
    }
}

/// The Message resource JSON, with the fields (and nulls) Twilio returns.
struct FakeTwilioMessageJSON: Encodable {
    var message: FakeTwilio.Message

    enum CodingKeys: String, CodingKey {
        case sid, body, status, to, from, direction, uri, price
        case accountSid = "account_sid", apiVersion = "api_version", dateCreated = "date_created"
        case dateSent = "date_sent", dateUpdated = "date_updated", errorCode = "error_code"
        case errorMessage = "error_message", messagingServiceSid = "messaging_service_sid"
        case numMedia = "num_media", numSegments = "num_segments", priceUnit = "price_unit"
        case subresourceUris = "subresource_uris"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let date = FakeTwilio.rfc2822(message.dateCreated)
        let uri = "/2010-04-01/Accounts/\(message.accountSid)/Messages/\(message.sid).json"
        try container.encode(message.sid, forKey: .sid)
        try container.encode(message.accountSid, forKey: .accountSid)
        try container.encode("2010-04-01", forKey: .apiVersion)
        try container.encode(message.body, forKey: .body)
        try container.encode(message.status, forKey: .status)
        try container.encode(message.to, forKey: .to)
        try container.encode(message.from, forKey: .from)
        try container.encode("outbound-api", forKey: .direction)
        try container.encode(date, forKey: .dateCreated)
        try container.encode(date, forKey: .dateUpdated)
        if message.status == "queued" { try container.encodeNil(forKey: .dateSent) } else { try container.encode(date, forKey: .dateSent) }
        try container.encodeNil(forKey: .errorCode)
        try container.encodeNil(forKey: .errorMessage)
        try container.encodeNil(forKey: .messagingServiceSid)
        try container.encodeNil(forKey: .price)
        try container.encode("USD", forKey: .priceUnit)
        try container.encode("0", forKey: .numMedia)
        try container.encode(String(max(1, (message.body.utf16.count + 152) / 153)), forKey: .numSegments)
        try container.encode(uri, forKey: .uri)
        try container.encode(["media": uri.replacingOccurrences(of: ".json", with: "/Media.json")], forKey: .subresourceUris)
    }
}

/// One page of the Message list JSON.
struct FakeTwilioPageJSON: Encodable {
    var messages: [FakeTwilio.Message]
    var uri: String
    var firstPageURI: String
    var nextPageURI: String?
    var previousPageURI: String?
    var page: Int
    var pageSize: Int

    enum CodingKeys: String, CodingKey {
        case messages, uri, page, start, end
        case firstPageURI = "first_page_uri", nextPageURI = "next_page_uri"
        case previousPageURI = "previous_page_uri", pageSize = "page_size"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messages.map(FakeTwilioMessageJSON.init), forKey: .messages)
        try container.encode(uri, forKey: .uri)
        try container.encode(firstPageURI, forKey: .firstPageURI)
        try container.encode(nextPageURI, forKey: .nextPageURI)
        try container.encode(previousPageURI, forKey: .previousPageURI)
        try container.encode(page, forKey: .page)
        try container.encode(pageSize, forKey: .pageSize)
        try container.encode(page * pageSize, forKey: .start)
        try container.encode(max(page * pageSize + messages.count - 1, 0), forKey: .end)
    }
}
