/// Encodes request parameters as `application/x-www-form-urlencoded`, the way Twilio's SDKs do
/// (Python's `urlencode`/`quote_plus`): letters, digits and `_.-~` stay, space becomes `+`,
/// every other UTF-8 byte becomes `%XX` (upper-case hex).
///
/// ```swift
/// TwilioFormEncoding.encode([("To", "whatsapp:+447700900123"), ("Body", "Hi there")])
/// // "To=whatsapp%3A%2B447700900123&Body=Hi+there"
/// ```
enum TwilioFormEncoding {
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                result.append("+")
            default:
                result.append("%")
                result.append(hex[Int(byte >> 4)])
                result.append(hex[Int(byte & 0x0f)])
            }
        }
        return result
    }

    private static let hex = Array("0123456789ABCDEF")
}
