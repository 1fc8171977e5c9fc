import Foundation

/// Plain JSON for ``RecordValue``: how `seed` reads records and `inspect` prints them, matching the
/// template sender's example records. Sets have no plain-JSON form and are written as arrays.
extension RecordValue: Codable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(String(value))
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value.description)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([RecordValue].self) {
            self = .list(value)
        } else if let value = try? container.decode([String: RecordValue].self) {
            self = .map(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let text):
            if let int = Int64(text) {
                try container.encode(int)
            } else if let decimal = Decimal(string: text) {
                try container.encode(decimal)
            } else {
                try container.encode(text)
            }
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .list(let items): try container.encode(items)
        case .map(let fields): try container.encode(fields)
        case .stringSet(let items): try container.encode(items)
        case .numberSet(let items): try container.encode(items.map { RecordValue.number($0) })
        }
    }
}

/// DynamoDB's typed JSON (`{"S": "…"}`, `{"N": "1"}`, …): lossless, so stores that keep records as
/// text (SQLite) round-trip every type, sets and number text included.
package enum TypedRecordJSON {
    package static func encode(_ record: Record) throws -> String {
        let object = record.mapValues(typed)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    package static func decode(_ text: String) throws -> Record {
        do {
            return try TypedRecordReader.record(text)
        } catch {
            switch error {
            case .notJSON, .notAnObject: throw RecordDecodingError.notAnObject
            case .badAttribute: throw RecordDecodingError.badAttribute
            }
        }
    }

    package static func typed(_ value: RecordValue) -> [String: Any] {
        switch value {
        case .string(let text): ["S": text]
        case .number(let text): ["N": text]
        case .bool(let flag): ["BOOL": flag]
        case .null: ["NULL": true]
        case .list(let items): ["L": items.map(typed)]
        case .map(let fields): ["M": fields.mapValues(typed)]
        case .stringSet(let items): ["SS": items]
        case .numberSet(let items): ["NS": items]
        }
    }

    package static func untyped(_ any: Any) throws -> RecordValue {
        guard let object = any as? [String: Any], object.count == 1, let (tag, payload) = object.first else {
            throw RecordDecodingError.badAttribute
        }
        switch (tag, payload) {
        case ("S", let text as String): return .string(text)
        case ("N", let text as String): return .number(text)
        case ("BOOL", let flag as Bool): return .bool(flag)
        case ("NULL", _): return .null
        case ("L", let items as [Any]): return .list(try items.map(untyped))
        case ("M", let fields as [String: Any]): return .map(try fields.mapValues(untyped))
        case ("SS", let items as [String]): return .stringSet(items)
        case ("NS", let items as [String]): return .numberSet(items)
        default: throw RecordDecodingError.badAttribute
        }
    }
}

package enum RecordDecodingError: Error, CustomStringConvertible {
    case notAnObject
    case badAttribute

    package var description: String {
        switch self {
        case .notAnObject: "stored record is not a JSON object"
        case .badAttribute: "stored attribute is not typed JSON ({\"S\": …}, {\"N\": …}, …)"
        }
    }
}
