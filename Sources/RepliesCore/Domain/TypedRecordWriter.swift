/// Writes DynamoDB typed JSON (``TypedRecordJSON``) straight from ``RecordValue``s into UTF-8
/// bytes, the counterpart of ``TypedRecordReader``. The embedded stores encode the whole record
/// at every conversation write (three or four per batch); `JSONSerialization` built a Foundation
/// object tree first and its `.sortedKeys` compared every pair of keys with ICU collation, which
/// made it about two thirds of a batch's CPU.
///
/// Object keys are written in the order of their UTF-8 bytes, so a record always has one text
/// (``DecodedRecords`` in the embedded backend compares texts to skip decoding). Strings escape
/// what RFC 8259 requires — quote, backslash, control characters — and nothing else.
///
/// ```swift
/// TypedRecordWriter.text(["n": .number("1.50")])   // {"n":{"N":"1.50"}}
/// ```
enum TypedRecordWriter {
    static func text(_ record: Record) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        writeObject(record, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func writeObject(_ members: [String: RecordValue], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let value = members[key] else { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            writeString(key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            writeTyped(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// One attribute: an object whose only key is the type's tag.
    private static func writeTyped(_ value: RecordValue, into bytes: inout [UInt8]) {
        switch value {
        case .string(let text):
            tag("S", into: &bytes)
            writeString(text, into: &bytes)
        case .number(let text):
            tag("N", into: &bytes)
            writeString(text, into: &bytes)
        case .bool(let flag):
            tag("BOOL", into: &bytes)
            bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null:
            tag("NULL", into: &bytes)
            bytes.append(contentsOf: "true".utf8)
        case .list(let items):
            tag("L", into: &bytes)
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeTyped(item, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .map(let fields):
            tag("M", into: &bytes)
            writeObject(fields, into: &bytes)
        case .stringSet(let items):
            tag("SS", into: &bytes)
            writeStrings(items, into: &bytes)
        case .numberSet(let items):
            tag("NS", into: &bytes)
            writeStrings(items, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// `{"TAG":` — the caller writes the payload, ``writeTyped(_:into:)`` the closing brace.
    private static func tag(_ name: StaticString, into bytes: inout [UInt8]) {
        bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "\"")])
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    private static func writeStrings(_ items: [String], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(item, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Quoted, with runs that need no escape copied whole.
    private static func writeString(_ string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    bytes.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)],
                    ])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
