import Foundation
package import RepliesCore

/// A correctly signed inbound-message webhook, shaped like the ones Twilio posts: for
/// `replies-engine simulate`, the demo, end-to-end tests and benchmarks.
///
/// ```swift
/// let hook = SimulatedWebhook(channel: .whatsapp, from: "+447700900123", to: "+447700900456", body: "Hi")
/// let signed = hook.signed(url: "http://127.0.0.1:8080/whatsapp", authToken: token)
/// // POST signed.body with header X-Twilio-Signature: signed.signature
/// ```
package struct SimulatedWebhook: Sendable {
    package var channel: Channel
    package var from: String
    package var to: String
    package var body: String
    package var messageSid: String
    package var accountSid: String
    package var profileName: String?
    /// Attachments, sent as `NumMedia`, `MediaContentType{N}` and `MediaUrl{N}`.
    package var media: [MediaItem] = []
    /// A shared location, sent as `Latitude`, `Longitude`, `Address` and `Label` (WhatsApp).
    package var location: SharedLocation?
    /// WhatsApp's business-scoped user ID, sent as `ExternalUserId` (`whatsapp:` + the ID).
    package var externalUserId: String?

    package init(
        channel: Channel, from: String, to: String, body: String,
        messageSid: String = SimulatedWebhook.randomSid(prefix: "SM"),
        accountSid: String = "AC" + String(repeating: "0", count: 32), profileName: String? = nil
    ) {
        self.channel = channel
        self.from = from
        self.to = to
        self.body = body
        self.messageSid = messageSid
        self.accountSid = accountSid
        self.profileName = profileName
    }

    /// WhatsApp's `MessageType`: `text`, or the first attachment's kind.
    static func messageType(of media: [MediaItem], location: SharedLocation? = nil) -> String {
        if location != nil { return "location" }
        guard let first = media.first else { return "text" }
        switch MediaKind(contentType: first.contentType) {
        case .image: return "image"
        case .audio: return "audio"
        case .video: return "video"
        case .pdf, .other: return "document"
        case .contact: return "contacts"
        }
    }

    /// The fields in the order Twilio sends them.
    package var fields: [FormField] {
        var fields = [
            FormField("SmsMessageSid", messageSid), FormField("NumMedia", String(media.count)),
        ]
        for (index, item) in media.enumerated() {
            fields.append(FormField("MediaContentType\(index)", item.contentType))
            fields.append(FormField("MediaUrl\(index)", item.url))
        }
        if channel == .whatsapp {
            fields.append(FormField("ProfileName", profileName ?? ""))
            fields.append(FormField("MessageType", Self.messageType(of: media, location: location)))
        }
        if channel == .whatsapp, let location {
            fields.append(FormField("Latitude", String(location.latitude)))
            fields.append(FormField("Longitude", String(location.longitude)))
            if let address = location.address { fields.append(FormField("Address", address)) }
            if let label = location.label { fields.append(FormField("Label", label)) }
        }
        fields += [
            FormField("SmsSid", messageSid),
        ]
        // A user behind a username has no number to send: no `WaId`, `From` is the BSUID.
        if channel == .whatsapp, from.hasPrefix("+") {
            fields.append(FormField("WaId", from.filter(\.isNumber)))
        }
        if channel == .whatsapp, let externalUserId {
            fields.append(FormField("ExternalUserId", channel.addressPrefix + externalUserId))
        }
        fields += [
            FormField("SmsStatus", "received"), FormField("Body", body),
            FormField("To", channel.addressPrefix + to), FormField("NumSegments", "1"),
            FormField("MessageSid", messageSid), FormField("AccountSid", accountSid),
            FormField("From", channel.addressPrefix + from), FormField("ApiVersion", "2010-04-01"),
        ]
        return fields
    }

    package struct Signed: Sendable {
        package var body: String
        package var signature: String

        package init(body: String, signature: String) {
            self.body = body
            self.signature = signature
        }
    }

    /// - Parameter url: the URL the server validates against (its `PUBLIC_BASE_URL` + path).
    package func signed(url: String, authToken: String) -> Signed {
        let fields = self.fields
        return Signed(body: Self.encode(fields), signature: TwilioSignature.compute(url: url, fields: fields, authToken: authToken))
    }

    /// `application/x-www-form-urlencoded`, spaces as `+`.
    package static func encode(_ fields: [FormField]) -> String {
        fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                result.append(Character(UnicodeScalar(byte)))
            case UInt8(ascii: " "):
                result.append("+")
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

    package static func randomSid(prefix: String) -> String {
        prefix + (0..<32).map { _ in String("0123456789abcdef".randomElement() ?? "0") }.joined()
    }
}
