/// Reads DynamoDB typed JSON (``TypedRecordJSON``) straight into ``RecordValue``s, one pass over
/// the UTF-8 bytes. The embedded stores decode a record on every lookup; going through
/// `JSONSerialization` built a Foundation object tree first and cast every node back, which made
/// it the costliest step of a webhook. Accepts exactly what the old path accepted: RFC 8259 JSON
/// whose top level is an object and whose every attribute is a one-key typed object.
struct TypedRecordReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Why a text is not a typed record; mapped to ``RecordDecodingError`` by the caller.
    enum Failure: Error {
        case notJSON
        case notAnObject
        case badAttribute
    }

    static func record(_ text: String) throws(Failure) -> Record {
        var text = text
        // Native Swift strings are contiguous UTF-8; `makeContiguousUTF8` only copies a bridged one.
        text.makeContiguousUTF8()
        let result: Result<Record, Failure>? = text.utf8.withContiguousStorageIfAvailable { buffer in
            var reader = TypedRecordReader(bytes: buffer)
            return Result { () throws(Failure) -> Record in
                reader.skipSpace()
                guard reader.peek == UInt8(ascii: "{") else {
                    try reader.skipValue()
                    throw .notAnObject
                }
                let record = try reader.attributes()
                reader.skipSpace()
                guard reader.index == buffer.count else { throw .notJSON }
                return record
            }
        }
        guard let result else { throw .notJSON }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The byte at the reader; 0 (never valid where JSON continues) past the end.
    private var peek: UInt8 { index < bytes.count ? bytes[index] : 0 }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard peek == byte else { throw .notJSON }
        index += 1
    }

    /// `{ "name": typed, … }` → the attributes.
    private mutating func attributes() throws(Failure) -> [String: RecordValue] {
        var fields: [String: RecordValue] = [:]
        try members { reader, name throws(Failure) in fields[name] = try reader.typed() }
        return fields
    }

    /// Walks an object's members, handing each name to `body` with the reader at its value.
    private mutating func members(_ body: (inout TypedRecordReader, String) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipSpace()
            let name = try string()
            try expect(UInt8(ascii: ":"))
            try body(&self, name)
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw .notJSON
            }
        }
    }

    /// `[ item, … ]`, each item read by `item`.
    private mutating func elements(_ item: (inout TypedRecordReader) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if peek == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try item(&self)
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw .notJSON
            }
        }
    }

    /// One typed attribute: an object with exactly one member whose name says the type.
    private mutating func typed() throws(Failure) -> RecordValue {
        skipSpace()
        guard peek == UInt8(ascii: "{") else {
            try skipValue()
            throw .badAttribute
        }
        var value: RecordValue?
        var count = 0
        try members { reader, tag throws(Failure) in
            count += 1
            value = try reader.payload(tag: tag)
        }
        guard count == 1, let value else { throw .badAttribute }
        return value
    }

    private mutating func payload(tag: String) throws(Failure) -> RecordValue {
        skipSpace()
        switch (tag, peek) {
        case ("S", UInt8(ascii: "\"")): return .string(try string())
        case ("N", UInt8(ascii: "\"")): return .number(try string())
        case ("BOOL", UInt8(ascii: "t")), ("BOOL", UInt8(ascii: "f")): return .bool(try literal() == .true)
        case ("NULL", _): try skipValue(); return .null
        case ("L", UInt8(ascii: "[")):
            var items: [RecordValue] = []
            try elements { reader throws(Failure) in items.append(try reader.typed()) }
            return .list(items)
        case ("M", UInt8(ascii: "{")): return .map(try attributes())
        case ("SS", UInt8(ascii: "[")): return .stringSet(try strings())
        case ("NS", UInt8(ascii: "[")): return .numberSet(try strings())
        default:
            try skipValue()
            throw .badAttribute
        }
    }

    private mutating func strings() throws(Failure) -> [String] {
        var items: [String] = []
        try elements { reader throws(Failure) in
            reader.skipSpace()
            guard reader.peek == UInt8(ascii: "\"") else {
                try reader.skipValue()
                throw .badAttribute
            }
            items.append(try reader.string())
        }
        return items
    }

    private enum Literal { case `true`, `false`, null }

    private mutating func literal() throws(Failure) -> Literal {
        for (text, literal) in [("true", Literal.true), ("false", .false), ("null", .null)] {
            let utf8 = text.utf8
            if bytes.count - index >= utf8.count, bytes[index..<index + utf8.count].elementsEqual(utf8) {
                index += utf8.count
                return literal
            }
        }
        throw .notJSON
    }

    /// Any JSON value, checked for well-formedness and dropped (a payload whose tag ignores it).
    private mutating func skipValue() throws(Failure) {
        skipSpace()
        switch peek {
        case UInt8(ascii: "{"): try members { reader, _ throws(Failure) in try reader.skipValue() }
        case UInt8(ascii: "["): try elements { reader throws(Failure) in try reader.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): _ = try literal()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw .notJSON
        }
    }

    /// RFC 8259's number grammar.
    private mutating func number() throws(Failure) {
        func digits(_ reader: inout TypedRecordReader) -> Int {
            let start = reader.index
            while (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(reader.peek) { reader.index += 1 }
            return reader.index - start
        }
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            throw .notJSON
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw .notJSON }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw .notJSON }
        }
    }

    /// A JSON string at the reader, unescaped; invalid UTF-8, raw control characters, bad
    /// escapes and lone surrogates are refused, as `JSONSerialization` refuses them.
    private mutating func string() throws(Failure) -> String {
        guard peek == UInt8(ascii: "\"") else { throw .notJSON }
        index += 1
        let start = index
        // The common case: no escapes, so the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return try Self.text(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw .notJSON }
            index += 1
        }
        var unescaped = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try unescaped.withUnsafeBufferPointer { buffer throws(Failure) in try Self.text(buffer) }
            case UInt8(ascii: "\\"):
                try unescape(into: &unescaped)
            case ..<0x20:
                throw .notJSON
            default:
                unescaped.append(byte)
            }
        }
        throw .notJSON
    }

    private static func text(_ buffer: UnsafeBufferPointer<UInt8>) throws(Failure) -> String {
        guard let text = String(validating: buffer, as: UTF8.self) else { throw .notJSON }
        return text
    }

    /// One escape after its backslash, appended as UTF-8.
    private mutating func unescape(into output: inout [UInt8]) throws(Failure) {
        guard index < bytes.count else { throw .notJSON }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw .notJSON
                }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw .notJSON }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .notJSON }
            output.append(contentsOf: UTF8.encode(unicode).map(Array.init) ?? [])
        default:
            throw .notJSON
        }
    }

    private mutating func hex4() throws(Failure) -> UInt16 {
        guard bytes.count - index >= 4 else { throw .notJSON }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .notJSON
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
