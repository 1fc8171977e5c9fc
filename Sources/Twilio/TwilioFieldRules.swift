package import RepliesCore

/// The formats Twilio documents for the inbound-message parameters the engine relies on.
///
/// Twilio's signature is computed over names and values joined *without separators*, so a
/// captured webhook can be re-cut: `MessageSid=SM…` followed by `NumMedia=0` signs exactly like
/// a single `MessageSid=SM…NumMedia0`, giving a "new" message that dedupe would not recognise.
/// Fixed formats for the SIDs and counts, and refusing repeats of parameters Twilio sends once,
/// leave no second way to cut the signed text into fields the engine reads.
///
/// ```swift
/// try TwilioFieldRules.check(fields)   // throws TwilioFormError.malformedField("MessageSid", …)
/// ```
package enum TwilioFieldRules {
    /// Parameters Twilio sends at most once per inbound message.
    static let singletons: Set<String> = [
        "AccountSid", "ApiVersion", "Body", "From", "To", "MessageSid", "SmsSid", "SmsMessageSid", "MessagingServiceSid",
        "NumMedia", "NumSegments", "SmsStatus", "ProfileName", "WaId", "ButtonText", "ButtonPayload", "MessageType",
        "Forwarded", "FrequentlyForwarded", "Latitude", "Longitude", "Address", "Label",
        "OriginalRepliedMessageSender", "OriginalRepliedMessageSid", "ExternalUserId",
    ]

    /// Longest `Address` or `Label` of a shared location accepted (WhatsApp's own are far shorter).
    static let maxPlaceTextCharacters = 1_000
    /// Longest `From`, `To` or `ExternalUserId`: a BSUID is a country code, a dot and at most 128
    /// characters (`whatsapp:US.ENT.` + 128 is 144); anything far longer is not Twilio's.
    static let maxAddressCharacters = 256

    /// Every check, in the order a reader of the error would expect.
    package static func check(_ fields: [FormField]) throws(TwilioFormError) {
        var seen = Set<String>()
        for field in fields where isSingleton(field.name) {
            guard seen.insert(field.name).inserted else { throw .repeatedField(field.name) }
        }
        func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        // `MessageSid`: `SM` for text, `MM` for media (WhatsApp included), + 32 hex digits.
        if let sid = value("MessageSid"), !sid.isEmpty, !isSid(sid, prefixes: ["SM", "MM"]) {
            throw .malformedField("MessageSid", expected: "SM or MM followed by 32 hexadecimal digits")
        }
        guard let account = value("AccountSid"), !account.isEmpty else { throw .missingField("AccountSid") }
        guard isSid(account, prefixes: ["AC"]) else {
            throw .malformedField("AccountSid", expected: "AC followed by 32 hexadecimal digits")
        }
        for name in ["SmsSid", "SmsMessageSid"] {
            if let sid = value(name), !sid.isEmpty, !isSid(sid, prefixes: ["SM", "MM"]) {
                throw .malformedField(name, expected: "SM or MM followed by 32 hexadecimal digits")
            }
        }
        if let service = value("MessagingServiceSid"), !service.isEmpty, !isSid(service, prefixes: ["MG"]) {
            throw .malformedField("MessagingServiceSid", expected: "MG followed by 32 hexadecimal digits")
        }
        for name in ["NumMedia", "NumSegments"] {
            if let count = value(name), !count.isEmpty, !(count.count <= 3 && count.allSatisfy(\.isASCIIDigit)) {
                throw .malformedField(name, expected: "a small whole number")
            }
        }
        for name in ["From", "To", "ExternalUserId"] {
            if let text = value(name), text.count > maxAddressCharacters {
                throw .malformedField(name, expected: "at most \(maxAddressCharacters) characters")
            }
        }
        try checkLocation(value)
    }

    /// A shared location: `Latitude` and `Longitude` together, each a plain decimal number in
    /// range; `Address` and `Label` bounded.
    static func checkLocation(_ value: (String) -> String?) throws(TwilioFormError) {
        let latitude = value("Latitude").flatMap { $0.isEmpty ? nil : $0 }
        let longitude = value("Longitude").flatMap { $0.isEmpty ? nil : $0 }
        if (latitude == nil) != (longitude == nil) {
            throw .malformedField(latitude == nil ? "Latitude" : "Longitude", expected: "Latitude and Longitude sent together")
        }
        for (name, text, bound) in [("Latitude", latitude, 90.0), ("Longitude", longitude, 180.0)] {
            guard let text else { continue }
            guard isDecimal(text), let number = Double(text), abs(number) <= bound else {
                throw .malformedField(name, expected: "a decimal number between -\(Int(bound)) and \(Int(bound))")
            }
        }
        for name in ["Address", "Label"] {
            if let text = value(name), text.count > maxPlaceTextCharacters {
                throw .malformedField(name, expected: "at most \(maxPlaceTextCharacters) characters")
            }
        }
    }

    /// `-52.3731` or `4.89`: an optional sign, digits, an optional fraction; no exponent, no
    /// `nan`/`inf`, at most 32 characters.
    static func isDecimal(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard text.count <= 32, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return false }
        return parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit))
    }

    /// `MediaUrl{N}` and `MediaContentType{N}` are singletons too, one per index.
    static func isSingleton(_ name: String) -> Bool {
        if singletons.contains(name) { return true }
        for prefix in ["MediaUrl", "MediaContentType"] where name.hasPrefix(prefix) {
            let index = name.dropFirst(prefix.count)
            if !index.isEmpty && index.allSatisfy(\.isASCIIDigit) { return true }
        }
        return false
    }

    /// A Twilio SID: two-letter prefix and 32 hexadecimal digits (34 characters).
    package static func isSid(_ text: String, prefixes: [String]) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 34, prefixes.contains(where: { text.hasPrefix($0) }) else { return false }
        return bytes.dropFirst(2).allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
