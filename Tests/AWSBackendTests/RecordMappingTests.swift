import AWSBackend
import AWSCore
import Foundation
import RepliesCore
import Testing

@Suite("RecordValue ⇄ AttributeValue")
struct RecordMappingTests {
    @Test("every record type maps losslessly both ways")
    func roundTrip() throws {
        let record: Record = [
            "s": .string("text"), "n": .number("1250.50"), "big": .number("3.14159265358979323846264338327950288"),
            "b": .bool(true), "null": .null, "list": .list([.string("a"), .number("1"), .null, .list([])]),
            "map": .map(["nested": .map(["deep": .bool(false)]), "empty": .map([:])]),
            "ss": .stringSet(["x", "y"]), "ns": .numberSet(["1", "2.5"]),
        ]
        let item = DynamoDBItem(record: record)
        #expect(item["n"] == .n("1250.50"))
        #expect(item["null"] == .null)
        #expect(item["list"] == .l([.s("a"), .n("1"), .null, .l([])]))
        #expect(item["ss"] == .ss(["x", "y"]) && item["ns"] == .ns(["1", "2.5"]))
        #expect(try Record(item: item) == record)
    }

    @Test("binary attributes are refused with the attribute's name")
    func binary() {
        #expect(throws: RecordMappingError.attribute("blob", .binaryAttribute)) {
            try Record(item: ["blob": .b(Data([1]))])
        }
        #expect(throws: RecordMappingError.self) { try Record(item: ["m": .m(["x": .bs([Data()])])]) }
    }
}
