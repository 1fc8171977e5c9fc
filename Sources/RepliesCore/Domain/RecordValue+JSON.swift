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
/// text (SQLite) round-trip every type, sets and number text included. Read and written in one
/// pass over UTF-8 bytes (``TypedRecordReader``, ``TypedRecordWriter``).
package enum TypedRecordJSON {
    package static func encode(_ record: Record) -> String {
        TypedRecordWriter.text(record)
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
