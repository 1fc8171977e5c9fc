/// Rebuilds a query string for REST API (v1) events, which carry only decoded parameters.
///
/// Limitation (documented in docs/DEPLOY.md): parameters come out grouped by name in the order
/// API Gateway wrote the names, each name's values in received order, percent-encoded with
/// RFC 3986 rules (`%20` for space). An original query that interleaved names (`a=1&b=2&a=3`) or
/// used other encodings (`+`) cannot be reproduced, so a Twilio signature over such a URL fails.
/// Webhook URLs without a query (the recommended setup), or HTTP API v2 events, are exact.
///
/// ```swift
/// QueryStringBuilder.build([("tenant", ["acme co"])])   // "tenant=acme%20co"
/// ```
enum QueryStringBuilder {
    static func build(_ parameters: [(name: String, values: [String])]) -> String? {
        let pairs = parameters.flatMap { parameter in
            parameter.values.map { encode(parameter.name) + "=" + encode($0) }
        }
        return pairs.isEmpty ? nil : pairs.joined(separator: "&")
    }

    /// The parameters of a v1 event in document order: `multiValueQueryStringParameters`, else
    /// `queryStringParameters` (hand-written events often carry only that).
    static func parameters(fromV1Event event: OrderedJSON) -> [(name: String, values: [String])] {
        if let members = event["multiValueQueryStringParameters"]?.members {
            return members.compactMap { member in
                guard let values = member.value.arrayValue?.compactMap(\.stringValue) else { return nil }
                return (member.key, values)
            }
        }
        return (event["queryStringParameters"]?.members ?? []).compactMap { member in
            member.value.stringValue.map { (member.key, [$0]) }
        }
    }

    private static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if isUnreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0x0F)
            }
        }
        return result
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexDigit(_ value: UInt8) -> String {
        String(UnicodeScalar(value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10))
    }
}
