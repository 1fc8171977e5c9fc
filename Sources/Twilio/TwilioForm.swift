package import RepliesCore

/// Parses an `application/x-www-form-urlencoded` webhook body into ``RepliesCore/FormField``s,
/// keeping **every** pair exactly as sent: order, empty values and repeated names. Twilio signs
/// all of them, so dropping or merging any (as the original's `parse_qs` did) breaks signature
/// validation.
///
/// Hummingbird's `URLEncodedFormDecoder` is not used on purpose: it throws on repeated keys and
/// decodes into a keyed structure, losing order and repeats that the signature depends on.
///
/// ```swift
/// let fields = try TwilioForm.parse("Body=Hi+there&NumMedia=0&Body=")
/// // [FormField("Body", "Hi there"), FormField("NumMedia", "0"), FormField("Body", "")]
/// let message = try InboundMessage(twilioFields: fields)
/// ```
package enum TwilioForm {
    /// Upper bound on the number of fields; real webhooks carry a few dozen.
    package static let maxFields = 1000

    /// Parses a body given as text. Throws ``TwilioFormError``.
    package static func parse(_ body: String, maxFields: Int = TwilioForm.maxFields) throws(TwilioFormError) -> [FormField] {
        try parse(bytes: Array(body.utf8), maxFields: maxFields)
    }

    /// Parses a raw body. Pairs are separated by `&` only (as Python's `parse_qsl`); empty
    /// segments are skipped; a segment without `=` is a name with an empty value; the first `=`
    /// separates name from value. `+` decodes to a space, `%XX` to a byte, and the bytes must be
    /// valid UTF-8.
    package static func parse(bytes: some Collection<UInt8>, maxFields: Int = TwilioForm.maxFields) throws(TwilioFormError) -> [FormField] {
        var fields: [FormField] = []
        let segments = Array(bytes).split(separator: ampersand, omittingEmptySubsequences: true)
        for segment in segments {
            guard fields.count < maxFields else { throw .tooManyFields(limit: maxFields) }
            let position = fields.count + 1
            let equals = segment.firstIndex(of: equalsSign)
            let rawName = segment[..<(equals ?? segment.endIndex)]
            let rawValue = equals.map { segment[segment.index(after: $0)...] } ?? []
            let name = try decode(rawName, field: position)
            let value = try decode(rawValue, field: position)
            fields.append(FormField(name, value))
        }
        return fields
    }

    /// Strict decoding: a `%` must be followed by two hex digits, and the result must be UTF-8.
    private static func decode(_ raw: ArraySlice<UInt8>, field: Int) throws(TwilioFormError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            index += 1
            switch byte {
            case plus:
                bytes.append(space)
            case percent:
                guard index + 1 < raw.endIndex, let high = hexValue(raw[index]), let low = hexValue(raw[index + 1]) else {
                    throw .malformedPercentEscape(field: field)
                }
                index += 2
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let ampersand = UInt8(ascii: "&")
    private static let equalsSign = UInt8(ascii: "=")
    private static let plus = UInt8(ascii: "+")
    private static let percent = UInt8(ascii: "%")
    private static let space = UInt8(ascii: " ")
}
