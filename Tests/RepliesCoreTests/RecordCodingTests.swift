import Foundation
import RepliesCore
import Testing

@Suite("RecordValue coding")
struct RecordCodingTests {
    static func decodePlain(_ json: String) throws -> Record {
        try JSONDecoder().decode(Record.self, from: Data(json.utf8))
    }

    static func encodePlain(_ value: RecordValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func plainJSONKeepsExactNumbersNullsAndNesting() throws {
        let record = try Self.decodePlain(#"""
        {"task_complete": 0, "tokens": 1954, "ratio": 0.1, "price": 1.50, "big": 12345678901234567890,
         "negative": -7, "tiny": -0.000001, "flag": true, "off": false, "nothing": null, "text": "0",
         "list": [1, "x", true, null, {"k": 2.25}], "nested": {"inner": {"deeper": [0.3]}}}
        """#)
        #expect(record["task_complete"] == .number("0"))
        #expect(record["tokens"] == .number("1954"))
        #expect(record["ratio"] == .number("0.1"))
        #expect(record["price"] == .number("1.5"))
        #expect(record["big"] == .number("12345678901234567890"))
        #expect(record["negative"] == .number("-7"))
        #expect(record["tiny"] == .number("-0.000001"))
        #expect(record["flag"] == .bool(true))
        #expect(record["off"] == .bool(false))
        #expect(record["nothing"] == .null)
        #expect(record["text"] == .string("0"))
        #expect(record["list"] == .list([.number("1"), .string("x"), .bool(true), .null, .map(["k": .number("2.25")])]))
        #expect(record["nested"] == .map(["inner": .map(["deeper": .list([.number("0.3")])])]))
    }

    @Test func plainJSONEncodesNumbersAsNumbers() throws {
        #expect(try Self.encodePlain(.number("0")) == "0")
        #expect(try Self.encodePlain(.number("1954")) == "1954")
        #expect(try Self.encodePlain(.number("0.1")) == "0.1")
        #expect(try Self.encodePlain(.number("12345678901234567890")) == "12345678901234567890")
        #expect(try Self.encodePlain(.null) == "null")
        #expect(try Self.encodePlain(.stringSet(["a", "b"])) == #"["a","b"]"#)
        #expect(try Self.encodePlain(.numberSet(["1", "2.5"])) == "[1,2.5]")
        #expect(try Self.encodePlain(.map(["a": .list([.bool(true), .null])])) == #"{"a":[true,null]}"#)
    }

    @Test func plainJSONRoundTripsTheTemplateSenderRecord() throws {
        let record = Fixture.record()
        let data = try JSONEncoder().encode(record)
        let decoded = try JSONDecoder().decode(Record.self, from: data)
        #expect(decoded == record)
        #expect(decoded["task_complete"] == .number("0"))
        #expect(decoded["hand_off_to_human_reason"] == .null)
        #expect(decoded.string("hand_off_to_human_reason") == nil)
    }

    @Test func typedJSONRoundTripsEveryTypeExactly() throws {
        let record: Record = [
            "s": .string("héllo \"quoted\" / 😀"), "n": .number("1.50"), "big": .number("12345678901234567890.000001"),
            "t": .bool(true), "f": .bool(false), "null": .null, "empty": .string(""),
            "l": .list([.number("0"), .map(["x": .null]), .list([])]),
            "m": .map(["nested": .map(["deep": .stringSet(["a", "b"])])]),
            "ss": .stringSet(["x", "y"]), "ns": .numberSet(["1", "2.50"]),
        ]
        let text = TypedRecordJSON.encode(record)
        #expect(try TypedRecordJSON.decode(text) == record)
        #expect(text.contains(#""n":{"N":"1.50"}"#))
        #expect(text.contains(#""null":{"NULL":true}"#))
        #expect(text.contains(#""t":{"BOOL":true}"#))
    }

    @Test func typedJSONRoundTripsTheTemplateSenderRecord() throws {
        let record = Fixture.record()
        #expect(try TypedRecordJSON.decode(TypedRecordJSON.encode(record)) == record)
    }

    @Test(arguments: [#"[1, 2]"#, #"{"a": {"X": "1"}}"#, #"{"a": {"S": 1}}"#, #"{"a": {"S": "x", "N": "1"}}"#, #"{"a": "plain"}"#, #"{"a": {"L": [{"Q": 1}]}}"#])
    func typedJSONRejectsUntypedInput(text: String) {
        #expect(throws: RecordDecodingError.self) { try TypedRecordJSON.decode(text) }
    }

    @Test(arguments: ["", "{", #""text""#, "not json"])
    func typedJSONRejectsText(text: String) {
        #expect(throws: (any Error).self) { try TypedRecordJSON.decode(text) }
    }

    @Test func recordAccessorsTreatNullAsAbsent() {
        let record: Record = [
            "s": .string("x"), "empty": .string(""), "null": .null, "n": .number("3"), "d": .number("2.0"),
            "b": .bool(true), "l": .list([.string("a"), .number("1"), .string("b")]), "ss": .stringSet(["c"]),
        ]
        #expect(record.string("null") == nil)
        #expect(record.nonEmptyString("empty") == nil)
        #expect(record.nonEmptyString("s") == "x")
        #expect(record.int("n") == 3)
        #expect(record.int("d") == 2)
        #expect(record.int("s") == nil)
        #expect(record.bool("b") == true)
        #expect(record.bool("null") == nil)
        #expect(record.strings("l") == ["a", "b"])
        #expect(record.strings("ss") == ["c"])
        #expect(record.strings("null").isEmpty)
        #expect(RecordValue.int(42) == .number("42"))
    }
}
