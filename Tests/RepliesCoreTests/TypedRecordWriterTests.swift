import Foundation
import RepliesCore
import Testing

/// The hand-written typed-JSON writer, read back by Foundation's parser (the oracle of
/// ``TypedRecordReaderTests``) and compared with what the `JSONSerialization` path it replaced
/// wrote.
@Suite("Typed record writer")
struct TypedRecordWriterTests {
    /// The previous `TypedRecordJSON.encode`, verbatim in behaviour.
    static func previous(_ record: Record) throws -> String {
        func typed(_ value: RecordValue) -> [String: Any] {
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
        let data = try JSONSerialization.data(withJSONObject: record.mapValues(typed), options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func foundationReadsBackEveryRecordItWrites() throws {
        var generator = TypedRecordReaderTests.Generator(state: 20261201)
        for _ in 0..<300 {
            let record = generator.record(depth: 0)
            let text = TypedRecordJSON.encode(record)
            #expect(try TypedRecordReaderTests.oracle(text) == record)
            // Same JSON value as the old writer's text, whatever the key order and escapes.
            #expect(try TypedRecordReaderTests.oracle(text) == (try TypedRecordReaderTests.oracle(try Self.previous(record))))
        }
    }

    @Test func writesTheSameTextAsThePreviousWriterForPlainKeys() throws {
        // ASCII keys of one case, no slash: the old `.sortedKeys` order and escapes agree with ours.
        let record: Record = [
            "status": .string("active"), "conversation_id": .string("c-1"), "messages": .list([
                .map(["role": .string("user"), "content": .string("Hi \"there\"\n\tsecond line"), "ts": .number("1700000000")]),
                .map(["role": .string("assistant"), "content": .string("héllo 😀"), "flag": .bool(false), "gone": .null]),
            ]),
            "tags": .stringSet(["a", "b"]), "scores": .numberSet(["1", "2.50"]),
        ]
        #expect(TypedRecordJSON.encode(record) == (try Self.previous(record)))
    }

    @Test func escapesOnlyWhatJSONRequires() {
        let record: Record = ["s": .string("q\"b\\c\n\r\t\u{01}\u{1F}/é😀\u{7F}")]
        #expect(TypedRecordJSON.encode(record) == #"{"s":{"S":"q\"b\\c\n\r\t\u0001\u001f/é😀\#u{7F}"}}"#)
    }

    @Test func ordersKeysByTheirUTF8Bytes() {
        let record: Record = ["é": .null, "b": .bool(true), "Z": .number("1"), "a": .map(["y": .null, "x": .list([])]), "": .string("")]
        #expect(TypedRecordJSON.encode(record)
            == #"{"":{"S":""},"Z":{"N":"1"},"a":{"M":{"x":{"L":[]},"y":{"NULL":true}}},"b":{"BOOL":true},"é":{"NULL":true}}"#)
    }

    @Test func oneRecordHasOneTextWhateverItsDictionaryOrder() {
        var generator = TypedRecordReaderTests.Generator(state: 7)
        for _ in 0..<50 {
            let record = generator.record(depth: 0)
            var rebuilt: Record = Dictionary(minimumCapacity: 64)
            for (key, value) in record.reversed() { rebuilt[key] = value }
            #expect(TypedRecordJSON.encode(rebuilt) == TypedRecordJSON.encode(record))
        }
    }
}
