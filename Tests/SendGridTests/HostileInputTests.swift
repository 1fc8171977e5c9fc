import EmailKit
import Foundation
import SendGrid
import Testing

/// Mangled copies of the real-shaped posts (bytes flipped, inserted, removed, cut short) and
/// random bytes: parsing either succeeds or throws an `InboundParseError`, and everything the
/// wiring derives from a parsed e-mail (user turn, automatic-mail check, threading) copes. No
/// crash, no trap, whatever arrives.
@Suite struct HostileInputTests {
    /// A small fixed-seed generator (xorshift64*), so that a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    }

    static let contentType = "multipart/form-data; boundary=xYzZY"

    @Test func mangledPostsNeverCrash() throws {
        var random = Random(state: 0x5EED_E4A1)
        let bodies = try InboundParseVectorTests.names.map { try InboundParseVectorTests.load($0).body }
        var parsed = 0
        for round in 0..<600 {
            var body = bodies[round % bodies.count]
            for _ in 0..<(1 + random.below(4)) {
                switch random.below(4) {
                case 0: body[random.below(body.count)] = UInt8(truncatingIfNeeded: random.next())
                case 1: body.insert(contentsOf: Array("\r\n--xYzZY\r\n\"<>;=".utf8).prefix(1 + random.below(14)), at: random.below(body.count))
                case 2: body.removeSubrange(random.below(body.count)...)
                default: body.remove(at: random.below(body.count))
                }
                if body.isEmpty { body = [0x2D] }
            }
            do {
                let email = try InboundParsePost(bytes: body, contentType: Self.contentType).email
                _ = EmailUserTurn.content(of: email, previousSubject: "Keys")
                _ = AutomaticMail.reasons(email, ownAddresses: [])
                _ = ThreadingHeaders(replyingTo: email)
                _ = ReplySubject.reply(to: email.subject)
                _ = email.identity
                parsed += 1
            } catch {
                #expect([400, 413].contains(error.httpStatus))
            }
        }
        #expect(parsed > 0, "some mangled posts still parse (a flipped byte inside a text field)")
    }

    @Test func randomBytesNeverCrashTheTextTools() {
        var random = Random(state: 0xBAD_5EED)
        let alphabet = Array("<>&;#x/\"'=-_:\n\r\t >>  On wrote: From: Sent: -- blockquote p br ".unicodeScalars)
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<random.below(400) {
                text.unicodeScalars.append(random.below(4) == 0
                    ? Unicode.Scalar(UInt32(random.below(0xD7FF)) + 1) ?? "?"
                    : alphabet[random.below(alphabet.count)])
            }
            _ = ReplyText.newText(plain: text)
            _ = ReplyText.newText(html: text)
            _ = AddressList.parse(text)
            _ = MessageHeaders(raw: text)
            _ = MessageIDList.parse(text)
            _ = ReplySubject.reply(to: text)
            _ = PlainTextHTML.render(text)
        }
    }
}
