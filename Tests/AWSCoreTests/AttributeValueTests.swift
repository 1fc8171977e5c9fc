import Foundation
import Testing

@testable import AWSCore

@Suite("AttributeValue JSON")
struct AttributeValueTests {
    func roundTrip(_ value: AttributeValue) throws -> AttributeValue {
        try JSONDecoder().decode(AttributeValue.self, from: JSONEncoder().encode(value))
    }

    @Test("every type survives a round trip, numbers as exact text")
    func roundTrips() throws {
        let values: [AttributeValue] = [
            .s(""), .s("héllo \"quoted\" / ✓"), .n("0"), .n("-12.500"), .n("12345678901234567890123456789012345678"),
            .n("1E+3"), .bool(true), .bool(false), .null, .b(Data([0, 1, 2, 255])),
            .m(["nested": .m(["deeper": .l([.null, .n("1.0"), .s("x")])]), "empty": .m([:])]),
            .l([]), .ss(["a", "b"]), .ns(["1", "2.50"]), .bs([Data([1]), Data([2, 3])]),
        ]
        for value in values {
            #expect(try roundTrip(value) == value)
        }
    }

    @Test("wire shapes are DynamoDB's")
    func wireShapes() throws {
        let item: DynamoDBItem = ["task_complete": .n("0"), "thread_id": .null, "tags": .ss(["a"])]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(item), as: UTF8.self)
        #expect(json == #"{"tags":{"SS":["a"]},"task_complete":{"N":"0"},"thread_id":{"NULL":true}}"#)
    }

    @Test("decodes what DynamoDB sends, rejects what it never would")
    func decoding() throws {
        let json = #"{"a":{"N":"3.14159265358979323846264338327950288"},"b":{"NULL":true},"c":{"M":{"d":{"L":[{"BOOL":false}]}}},"e":{"B":"AAEC"}}"#
        let item = try JSONDecoder().decode(DynamoDBItem.self, from: Data(json.utf8))
        #expect(item["a"] == .n("3.14159265358979323846264338327950288"))
        #expect(item["b"] == .null)
        #expect(item["c"] == .m(["d": .l([.bool(false)])]))
        #expect(item["e"] == .b(Data([0, 1, 2])))
        for bad in [#"{"S":"a","N":"1"}"#, #"{}"#, #"{"N":"1.2.3"}"#, #"{"N":"abc"}"#, #"{"NULL":false}"#, #"{"X":1}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(AttributeValue.self, from: Data(bad.utf8)) }
        }
    }

    @Test("number validation")
    func numbers() {
        for good in ["0", "-1", "+1", "1.5", ".5", "5.", "1e10", "1E-10", "-0.000"] { #expect(AttributeValue.isValidNumber(good), "\(good)") }
        for bad in ["", "-", "1e", "e1", "1.2.3", "0x10", "1,5", " 1", "NaN", "٣"] { #expect(!AttributeValue.isValidNumber(bad), "\(bad)") }
    }
}
