/// A minimal JSON reader that keeps object members in document order.
///
/// Foundation's decoders return objects as dictionaries, which lose the order API Gateway wrote
/// the query parameters in; rebuilding a REST (v1) query string for Twilio's signature needs
/// that order. Only used for that; everything else decodes with `JSONDecoder`.
///
/// ```swift
/// let value = try OrderedJSON.parse(Array(#"{"b":1,"a":2}"#.utf8))
/// value.members?.map(\.key)   // ["b", "a"]
/// ```
enum OrderedJSON: Sendable, Hashable {
    case object([Member])
    case array([OrderedJSON])
    case string(String)
    /// Numbers are kept as their text: they are never interpreted here.
    case number(String)
    case bool(Bool)
    case null

    struct Member: Sendable, Hashable {
        var key: String
        var value: OrderedJSON
    }

    struct SyntaxError: Error, Hashable {
        var offset: Int
    }

    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> OrderedJSON {
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.atEnd else { throw SyntaxError(offset: reader.index) }
        return value
    }

    var members: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The first member called `key`, if this is an object.
    subscript(key: String) -> OrderedJSON? {
        members?.first { $0.key == key }?.value
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var arrayValue: [OrderedJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

extension OrderedJSON {
    /// Recursive descent over UTF-8 bytes (RFC 8259), nesting bounded so hostile input cannot
    /// exhaust the stack.
    struct Reader {
        static let maxDepth = 64
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        var atEnd: Bool { index >= bytes.count }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func fail() -> SyntaxError { SyntaxError(offset: index) }

        mutating func value(depth: Int) throws(SyntaxError) -> OrderedJSON {
            guard depth < Self.maxDepth else { throw fail() }
            skipWhitespace()
            guard index < bytes.count else { throw fail() }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func object(depth: Int) throws(SyntaxError) -> OrderedJSON {
            index += 1
            var members: [Member] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail() }
                let key = try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail() }
                index += 1
                members.append(Member(key: key, value: try value(depth: depth + 1)))
                skipWhitespace()
                guard index < bytes.count else { throw fail() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw fail()
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> OrderedJSON {
            index += 1
            var items: [OrderedJSON] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw fail() }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw fail()
            }
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else { throw fail() }
            index += expected.count
        }

        mutating func number() throws(SyntaxError) -> String {
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            guard index > start else { throw fail() }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
