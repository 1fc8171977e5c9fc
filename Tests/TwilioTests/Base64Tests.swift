import Foundation
import Testing
@testable import Twilio

@Suite struct Base64Tests {
    /// Foundation's encoder is the oracle: every length from empty to a few blocks, both padding cases.
    @Test func matchesFoundationForEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let ours = bytes.withUnsafeBytes { Base64.encode($0) }
            #expect(String(decoding: ours, as: UTF8.self) == Data(bytes).base64EncodedString(), "length \(length)")
        }
    }

    @Test func usesTheWholeAlphabet() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf, 0x00, 0x10, 0x83]
        #expect(String(decoding: bytes.withUnsafeBytes { Base64.encode($0) }, as: UTF8.self) == "+/+/ABCD")
    }
}
