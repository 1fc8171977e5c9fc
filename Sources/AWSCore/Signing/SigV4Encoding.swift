/// The text transformations of Signature Version 4: URI encoding, path normalisation, canonical
/// query and header forms, timestamps and hex.
enum SigV4Encoding {
    /// RFC 3986 encoding as SigV4 defines it: everything but `A-Z a-z 0-9 - _ . ~` becomes `%XX`
    /// (upper-case hex of each UTF-8 byte); `/` is kept only when `keepSlash`.
    static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                output.append("/")
            default:
                output.append("%")
                output.append(hexDigitsUpper[Int(byte >> 4)])
                output.append(hexDigitsUpper[Int(byte & 0x0F)])
            }
        }
        return output
    }

    /// Removes `.`/`..` and empty segments (as the SDKs do for every service but S3), keeping a
    /// trailing slash, then encodes each segment once.
    static func canonicalPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return "/" }
        let encoded = "/" + segments.map { uriEncode(String($0), keepSlash: false) }.joined(separator: "/")
        return path.hasSuffix("/") ? encoded + "/" : encoded
    }

    /// Pairs encoded, sorted by name then value, joined as `a=b&c=d`.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query
            .map { (uriEncode($0.name, keepSlash: false), uriEncode($0.value, keepSlash: false)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Header value as signed: trimmed, runs of spaces collapsed to one.
    static func canonicalHeaderValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    static let hexDigitsUpper: [Character] = Array("0123456789ABCDEF")
    static let hexDigitsLower: [Character] = Array("0123456789abcdef")

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var output = ""
        for byte in bytes {
            output.append(hexDigitsLower[Int(byte >> 4)])
            output.append(hexDigitsLower[Int(byte & 0x0F)])
        }
        return output
    }

    /// `(YYYYMMDDTHHMMSSZ, YYYYMMDD)` in UTC, computed without locale-dependent formatters.
    static func timestamps(epochSeconds: Int64) -> (amzDate: String, day: String) {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondsOfDay = epochSeconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = pad(year, 4) + pad(month, 2) + pad(day, 2)
        let time = pad(secondsOfDay / 3600, 2) + pad(secondsOfDay % 3600 / 60, 2) + pad(secondsOfDay % 60, 2)
        return (date + "T" + time + "Z", date)
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
