import Foundation

/// One Twilio message status callback (`POST PUBLIC_BASE_URL/twilio/status?…`), parsed.
///
/// Fields (Twilio, "Track the Message Status of Outbound Messages"): `MessageSid`,
/// `MessageStatus`, `ErrorCode` (failed/undelivered only), `AccountSid`, `From` (our number,
/// `whatsapp:`-prefixed on WhatsApp), `To`; others may be added by Twilio at any time and are
/// only part of the signature.
package struct StatusCallback: Sendable, Hashable {
    package var messageSid: String
    /// Nil for a status we acknowledge but never record (``DeliveryStatus/ignored``).
    package var status: DeliveryStatus?
    package var rawStatus: String
    package var errorCode: String?
    package var accountSid: String?
    package var channel: Channel
    /// The company's number (`From` without its channel prefix).
    package var companyNumber: String
    package var target: StatusCallbackTarget

    /// Parses the form fields and the URL's query; throws what is malformed (the route answers 400).
    package init(fields: [FormField], query: String?) throws(StatusCallbackError) {
        func field(_ name: String) -> String? {
            fields.last(where: { $0.name == name }).map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let sid = field("MessageSid") ?? field("SmsSid") else { throw .missingField("MessageSid") }
        guard sid.count <= 64, sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { throw .invalidField("MessageSid") }
        guard let status = field("MessageStatus") ?? field("SmsStatus") else { throw .missingField("MessageStatus") }
        guard let from = field("From") else { throw .missingField("From") }
        guard let number = PhoneNumber(address: from) else { throw .invalidField("From") }
        if let code = field("ErrorCode"), !(code.count <= 10 && code.allSatisfy(\.isNumber)) { throw .invalidField("ErrorCode") }
        self.messageSid = sid
        self.rawStatus = status
        self.status = DeliveryStatus(rawValue: status)
        guard self.status != nil || DeliveryStatus.ignored.contains(status) else { throw .invalidField("MessageStatus") }
        self.errorCode = field("ErrorCode")
        self.accountSid = field("AccountSid")
        self.channel = from.lowercased().hasPrefix("whatsapp:") ? .whatsapp : .sms
        self.companyNumber = number.value
        self.target = try StatusCallbackTarget(query: query)
    }
}

/// The conversation and the sender a callback is about, from the URL the engine gave Twilio
/// (`?primary_channel=…&conversation_id=…&sender=ai|staff`). Twilio signs the whole URL, so
/// these values are as trustworthy as the signature.
package struct StatusCallbackTarget: Sendable, Hashable {
    /// The route Twilio posts status callbacks to, below `PUBLIC_BASE_URL`.
    package static let path = "/twilio/status"
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    package var key: ConversationKey
    package var sender: DeliverySender

    package init(key: ConversationKey, sender: DeliverySender) {
        self.key = key
        self.sender = sender
    }

    /// `callbackURL?primary_channel=…&conversation_id=…&sender=…`, percent-encoded.
    package func url(base callbackURL: String) -> String {
        // RFC 3986 unreserved ASCII only, upper-case hex: exactly what the Lambda shape rebuilds
        // from a REST API event's decoded parameters (QueryStringBuilder), so the signature holds.
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? text }
        return callbackURL + "?primary_channel=" + encode(key.primaryChannel) + "&conversation_id=" + encode(key.conversationId)
            + "&sender=" + sender.rawValue
    }

    init(query: String?) throws(StatusCallbackError) {
        var values: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = String(parts[0]).removingPercentEncoding,
                  let value = String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            else { throw .invalidQuery }
            values[name] = value
        }
        guard let primary = values["primary_channel"], !primary.isEmpty, let id = values["conversation_id"], !id.isEmpty,
              let sender = values["sender"].flatMap(DeliverySender.init(rawValue:))
        else { throw .invalidQuery }
        self.init(key: ConversationKey(primaryChannel: primary, conversationId: id), sender: sender)
    }
}

/// Why a status callback could not be read (answered 400; Twilio does not retry a 4xx).
package enum StatusCallbackError: Error, Hashable, CustomStringConvertible {
    case missingField(String)
    case invalidField(String)
    /// The URL lacks `primary_channel`, `conversation_id` or `sender`: not a URL the engine gave Twilio.
    case invalidQuery

    package var description: String {
        switch self {
        case .missingField(let name): "the status callback has no \(name)"
        case .invalidField(let name): "the status callback's \(name) is malformed"
        case .invalidQuery: "the status callback URL lacks primary_channel, conversation_id or sender (not a URL the engine sends)"
        }
    }
}
