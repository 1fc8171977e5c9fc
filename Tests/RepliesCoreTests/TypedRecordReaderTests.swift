import Foundation
import RepliesCore
import Testing

/// The hand-written typed-JSON reader against the `JSONSerialization` path it replaced (kept
/// here as the oracle): same records from the same text, refusals where it refused.
@Suite("Typed record reader")
struct TypedRecordReaderTests {
    /// The previous `TypedRecordJSON.decode`, verbatim in behaviour.
    static func oracle(_ text: String) throws -> Record {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw RecordDecodingError.notAnObject
        }
        return try object.mapValues(untyped)
    }

    /// One attribute of a `JSONSerialization` tree as a ``RecordValue`` (the previous decoder's).
    static func untyped(_ any: Any) throws -> RecordValue {
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

    /// Text that exercises escaping: quotes, backslashes, slashes, controls, non-ASCII, emoji,
    /// combining marks, and the characters JSON writers escape differently.
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "slash / and \\/", "tab\tnewline\ncr\r", "bell\u{07} nul\u{0}",
        "héllo wörld", "😀👍🏽", "e\u{301} vs é", "\u{2028}\u{2029}", "<script>&amp;</script>", "12345678901234567890.5",
        String(repeating: "long ", count: 400),
    ]

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func value(depth: Int) -> RecordValue {
            let text = TypedRecordReaderTests.awkward[next(TypedRecordReaderTests.awkward.count)]
            switch next(depth > 2 ? 6 : 8) {
            case 0: return .string(text)
            case 1: return .number(["0", "-7", "1.50", "1e10", "12345678901234567890"][next(5)])
            case 2: return .bool(next(2) == 0)
            case 3: return .null
            case 4: return .stringSet((0..<next(3)).map { _ in TypedRecordReaderTests.awkward[next(TypedRecordReaderTests.awkward.count)] })
            case 5: return .numberSet(["1", "2.5"])
            case 6: return .list((0..<next(4)).map { _ in value(depth: depth + 1) })
            default: return .map(record(depth: depth + 1))
            }
        }

        mutating func record(depth: Int) -> Record {
            var fields: Record = [:]
            for _ in 0..<next(6) {
                fields[TypedRecordReaderTests.awkward[next(TypedRecordReaderTests.awkward.count)] + "\(next(100))"] = value(depth: depth)
            }
            return fields
        }
    }

    @Test func readsEveryRecordTheEncoderWritesAsTheOracleDoes() throws {
        var generator = Generator(state: 20261130)
        for _ in 0..<300 {
            let record = generator.record(depth: 0)
            let text = TypedRecordJSON.encode(record)
            let read = try TypedRecordJSON.decode(text)
            #expect(read == record)
            #expect(read == (try Self.oracle(text)))
        }
    }

    @Test(arguments: [
        #"{}"#,
        #" { "a" : { "S" : "x" } , "b":{"N":"1"} } "#,
        #"{"a": {"S": "\u00e9\u00E9 \ud83d\ude00 \/ \" \\ \b\f\n\r\t"}}"#,
        #"{"a": {"NULL": true}, "b": {"NULL": false}, "c": {"NULL": 1.5e-3}, "d": {"NULL": {"x": [1, null]}}}"#,
        #"{"a": {"L": []}, "b": {"M": {}}, "c": {"SS": []}, "d": {"L": [{"S": ""}, {"BOOL": false}]}}"#,
        #"{"dup": {"S": "first"}, "dup": {"S": "second"}}"#,
        "{\"a\":\n\t{\"S\":\"x\"}\r\n}",
    ])
    func readsHandWrittenJSONAsTheOracleDoes(text: String) throws {
        #expect(try TypedRecordJSON.decode(text) == (try Self.oracle(text)))
    }

    @Test(arguments: [
        "", "   ", "{", "}", "[]", #""text""#, "null", "not json", #"{"a": {"S": "x"}} trailing"#,
        #"{"a" {"S": "x"}}"#, #"{a: {"S": "x"}}"#, #"{"a": {"S": "unterminated}}"#, "{\"a\": {\"S\": \"raw\u{01}control\"}}",
        #"{"a": {"S": "bad \q escape"}}"#, #"{"a": {"S": "\u12"}}"#, #"{"a": {"S": "lone \ud83d surrogate"}}"#,
        #"{"a": {"S": "\udc00 low first"}}"#, #"{"a": {"NULL": 01}}"#, #"{"a": {"NULL": 1.}}"#, #"{"a": {"NULL": -}}"#,
        #"{"a": {"NULL": tru}}"#, #"{"a": {"BOOL": yes}}"#, #"{"a": {"X": "1"}}"#, #"{"a": {"S": 1}}"#, #"{"a": "plain"}"#,
        #"{"a": {"S": "x", "N": "1"}}"#, #"{"a": {}}"#, #"{"a": {"L": [{"Q": 1}]}}"#, #"{"a": {"SS": [1]}}"#,
        #"{"a": {"M": []}}"#, #"{"a": {"L": [1,]}}"#,
    ])
    func refusesWhatTheOracleRefuses(text: String) {
        #expect(throws: RecordDecodingError.self) { try Self.oracle(text) }
        #expect(throws: RecordDecodingError.self) { try TypedRecordJSON.decode(text) }
    }

    /// Foundation's parser tolerates a trailing comma in an object; no encoder of ours writes one,
    /// and the reader keeps to RFC 8259.
    @Test func refusesATrailingCommaFoundationTolerated() throws {
        let text = #"{"a": {"S": "x"},}"#
        #expect(try Self.oracle(text) == ["a": .string("x")])
        #expect(throws: RecordDecodingError.self) { try TypedRecordJSON.decode(text) }
    }
}
