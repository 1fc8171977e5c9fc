package import Foundation

/// One DynamoDB attribute value in its typed JSON form (`{"S": "…"}`, `{"N": "1.50"}`, …).
///
/// Numbers stay exact decimal text (never `Double`), NULL is its own case, and sets keep their
/// members as sent. Binary values travel base64-encoded.
///
/// ```swift
/// let item: [String: AttributeValue] = ["task_complete": .n("0"), "thread_id": .null, "tags": .ss(["a"])]
/// let json = try JSONEncoder().encode(item)   // {"task_complete":{"N":"0"},"thread_id":{"NULL":true},…}
/// ```
package indirect enum AttributeValue: Sendable, Hashable, Codable {
    case s(String)
    /// Exact decimal text as DynamoDB sends it.
    case n(String)
    case b(Data)
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([String])
    case bs([Data])

    private enum Tag: String, CodingKey, CaseIterable {
        case s = "S", n = "N", b = "B", bool = "BOOL", null = "NULL", m = "M", l = "L", ss = "SS", ns = "NS", bs = "BS"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Tag.self)
        let present = container.allKeys
        guard present.count == 1, let tag = present.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "an AttributeValue has exactly one type key (S, N, B, BOOL, NULL, M, L, SS, NS, BS); found \(present.map(\.rawValue))"))
        }
        switch tag {
        case .s: self = .s(try container.decode(String.self, forKey: .s))
        case .n: self = .n(try Self.validatedNumber(container.decode(String.self, forKey: .n), decoder))
        case .b: self = .b(try Self.base64(container.decode(String.self, forKey: .b), decoder))
        case .bool: self = .bool(try container.decode(Bool.self, forKey: .bool))
        case .null:
            guard try container.decode(Bool.self, forKey: .null) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "NULL must be true"))
            }
            self = .null
        case .m: self = .m(try container.decode([String: AttributeValue].self, forKey: .m))
        case .l: self = .l(try container.decode([AttributeValue].self, forKey: .l))
        case .ss: self = .ss(try container.decode([String].self, forKey: .ss))
        case .ns: self = .ns(try container.decode([String].self, forKey: .ns).map { try Self.validatedNumber($0, decoder) })
        case .bs: self = .bs(try container.decode([String].self, forKey: .bs).map { try Self.base64($0, decoder) })
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Tag.self)
        switch self {
        case .s(let value): try container.encode(value, forKey: .s)
        case .n(let value): try container.encode(value, forKey: .n)
        case .b(let value): try container.encode(value.base64EncodedString(), forKey: .b)
        case .bool(let value): try container.encode(value, forKey: .bool)
        case .null: try container.encode(true, forKey: .null)
        case .m(let value): try container.encode(value, forKey: .m)
        case .l(let value): try container.encode(value, forKey: .l)
        case .ss(let value): try container.encode(value, forKey: .ss)
        case .ns(let value): try container.encode(value, forKey: .ns)
        case .bs(let value): try container.encode(value.map { $0.base64EncodedString() }, forKey: .bs)
        }
    }

    /// True for number text DynamoDB accepts: optional sign, digits, optional fraction and exponent.
    package static func isValidNumber(_ text: String) -> Bool {
        var scalars = Substring(text)
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "E", maxSplits: 1, omittingEmptySubsequences: false) }
        guard let mantissa = parts.first, parts.count <= 2 else { return false }
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = pieces.joined()
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), pieces.count <= 2 else { return false }
        if parts.count == 2 {
            var exponent = parts[1]
            if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
            return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
        }
        return true
    }

    private static func validatedNumber(_ text: String, _ decoder: any Decoder) throws -> String {
        guard isValidNumber(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a DynamoDB number"))
        }
        return text
    }

    private static func base64(_ text: String, _ decoder: any Decoder) throws -> Data {
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "binary value is not base64"))
        }
        return data
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// A DynamoDB item or key: attribute name → value.
package typealias DynamoDBItem = [String: AttributeValue]

extension AttributeValue {
    package var stringValue: String? {
        if case .s(let value) = self { return value }
        return nil
    }

    package var numberText: String? {
        if case .n(let value) = self { return value }
        return nil
    }

    package var int64Value: Int64? { numberText.flatMap { Int64($0) } }
}
