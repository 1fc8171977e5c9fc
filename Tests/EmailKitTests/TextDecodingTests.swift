import EmailKit
import Testing

@Suite struct TextDecodingTests {
    @Test func decodesDeclaredCharsetsExactly() {
        #expect(TextDecoding.decode([0x63, 0x61, 0x66, 0xC3, 0xA9], charset: nil) == .init(text: "café", note: nil))
        #expect(TextDecoding.decode([0x63, 0x61, 0x66, 0xE9], charset: "ISO-8859-1") == .init(text: "café", note: nil))
        #expect(TextDecoding.decode([0x93, 0x80, 0x94, 0x81], charset: "windows-1252") == .init(text: "“€”\u{81}", note: nil))
        // WHATWG: Latin-1 and ASCII labels read 0x80–0x9F as Windows-1252.
        #expect(TextDecoding.decode([0x96], charset: "latin1").text == "–")
        #expect(TextDecoding.decode([0xB9, 0xE6], charset: "iso-8859-2").text == "šć")
        #expect(TextDecoding.decode([0xCF, 0xF0], charset: "windows-1251").text == "Пр")
        #expect(TextDecoding.decode([0x00, 0x68, 0x00, 0x69], charset: "UTF-16BE").text == "hi")
        #expect(TextDecoding.decode([0x41], charset: "\"UTF-8\"").text == "A")
    }

    @Test func anUnknownCharsetIsDecodedLossilyWithANote() throws {
        let koi8: [UInt8] = [0xE4, 0xCF, 0xC2, 0xD2, 0xD9, 0xCA]   // "Добрый" in KOI8-R
        let result = TextDecoding.decode(koi8, charset: "KOI8-R")
        #expect(result.text.unicodeScalars.count == koi8.count)
        #expect(try #require(result.note).contains("not supported"))
        #expect(TextDecoding.decode(Array("plain".utf8), charset: "x-unknown") == .init(
            text: "plain", note: "charset x-unknown is not supported; the text was valid UTF-8 and read as such"))
    }

    @Test func invalidUTF8IsReplacedWithANote() {
        let result = TextDecoding.decode([0x61, 0xFF, 0x62], charset: "utf-8")
        #expect(result.text == "a\u{FFFD}b")
        #expect(result.note != nil)
    }
}
