@testable import LambdaRuntime
import Testing

@Suite struct OrderedJSONTests {
    func parse(_ text: String) throws -> OrderedJSON {
        try OrderedJSON.parse(Array(text.utf8))
    }

    @Test func objectMembersKeepDocumentOrder() throws {
        let value = try parse(#" { "zeta" : 1, "alpha": [true, false, null], "mid": {"b": "x", "a": -1.5e3} } "#)
        #expect(value.members?.map(\.key) == ["zeta", "alpha", "mid"])
        #expect(value["mid"]?.members?.map(\.key) == ["b", "a"])
        #expect(value["mid"]?["a"] == .number("-1.5e3"))
        #expect(value["alpha"] == .array([.bool(true), .bool(false), .null]))
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let value = try parse(#"["a\"b\\c\/d\n\t", "caf\u00e9", "\ud83d\ude00", "\ud800x", "plain é"]"#)
        #expect(value.arrayValue?.compactMap(\.stringValue) == ["a\"b\\c/d\n\t", "café", "😀", "\u{FFFD}x", "plain é"])
    }

    @Test(arguments: [
        "", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "[1 2]", "\"unterminated", "tru", "{\"a\":1} x",
        "\"bad \\q escape\"", "\"\\u12\"", "{1:2}", "\"raw\u{01}control\"",
    ])
    func malformedInputIsRejected(text: String) {
        #expect(throws: OrderedJSON.SyntaxError.self) { try parse(text) }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: OrderedJSON.SyntaxError.self) { try OrderedJSON.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func deepNestingIsRefusedInsteadOfExhaustingTheStack() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: OrderedJSON.SyntaxError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(try parse(fine).arrayValue != nil)
    }
}
