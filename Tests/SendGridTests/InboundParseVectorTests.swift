import EmailKit
import Foundation
import NIOCore
import SendGrid
import Testing

/// The committed posts of `Vectors/` (made and signed by `generate.py` with Python
/// `cryptography`, cross-checked with SendGrid's own verifier): every post parses to what the
/// generator meant, and every signature verifies with the key in both forms SendGrid gives.
@Suite struct InboundParseVectorTests {
    struct Vector: Decodable {
        var content_type: String
        var timestamp: String
        var signature: String
        var expected: Expected
    }

    struct Expected: Decodable {
        struct Attachment: Decodable {
            var field: String
            var filename: String?
            var type: String?
            var size: Int
            var content_id: String?
        }
        var envelope_from: String?
        var envelope_to: [String]
        var from: [String]
        var to: [String]
        var cc: [String]
        var subject: String
        var text: String?
        var html: String?
        var message_id: String
        var in_reply_to: [String]
        var references: [String]
        var attachments: [Attachment]
        var notes: Int
        var spf: String?
        var spam_score: Double?
        var auto_submitted: String?
        var precedence: String?
        var new_text: String?
        var user_turn: String?
        var automatic: [String]?
    }

    struct Keys: Decodable {
        var public_key: String
        var public_key_pem: String
        var other_public_key: String
    }

    static let folder = Bundle.module.url(forResource: "Vectors", withExtension: nil)!
    static let names = ["gmail-reply", "outlook-iso-8859-1", "windows-1252", "attachments", "html-only", "auto-reply", "bounce", "unknown-charset", "recipients"]

    static func load(_ name: String) throws -> (body: [UInt8], vector: Vector) {
        let body = try Data(contentsOf: folder.appending(path: "\(name)/body.bin"))
        let vector = try JSONDecoder().decode(Vector.self, from: Data(contentsOf: folder.appending(path: "\(name)/vector.json")))
        return (Array(body), vector)
    }

    static func keys() throws -> Keys {
        try JSONDecoder().decode(Keys.self, from: Data(contentsOf: folder.appending(path: "keys.json")))
    }

    @Test(arguments: names)
    func parsesToWhatWasSent(_ name: String) throws {
        let (body, vector) = try Self.load(name)
        let post = try InboundParsePost(bytes: body, contentType: vector.content_type)
        let email = post.email
        let expected = vector.expected
        #expect(email.envelope?.from?.value == expected.envelope_from)
        #expect(email.envelope?.to.map(\.value) == expected.envelope_to)
        #expect(email.from.map(\.value) == expected.from)
        #expect(email.to.map(\.value) == expected.to)
        #expect(email.cc.map(\.value) == expected.cc)
        #expect(email.subject == expected.subject)
        if name != "unknown-charset" { #expect(email.text == expected.text) }
        #expect(email.html == expected.html)
        #expect(email.messageID == expected.message_id)
        #expect(email.identity == expected.message_id)
        #expect(email.inReplyTo == expected.in_reply_to)
        #expect(email.references == expected.references)
        #expect(email.notes.count == expected.notes, "\(email.notes)")
        #expect(email.attachments.map(\.field) == expected.attachments.map(\.field))
        #expect(email.attachments.map(\.filename) == expected.attachments.map(\.filename))
        #expect(email.attachments.map(\.contentType) == expected.attachments.map(\.type))
        #expect(email.attachments.map(\.size) == expected.attachments.map(\.size))
        #expect(email.attachments.map(\.contentID) == expected.attachments.map(\.content_id))
        if let spf = expected.spf { #expect(post.spf == spf) }
        if let score = expected.spam_score { #expect(post.spamScore == score) }
        if let value = expected.auto_submitted { #expect(email.autoSubmitted == value) }
        if let value = expected.precedence { #expect(email.precedence == value) }
        if let text = expected.new_text { #expect(ReplyText.newText(of: email) == text) }
        if let turn = expected.user_turn { #expect(EmailUserTurn.content(of: email, previousSubject: "Keys") == turn) }
        let reasons = AutomaticMail.reasons(email, ownAddresses: [EmailAddress("lettings@parse.example.com")!])
        #expect(reasons.map(Self.name) == (expected.automatic ?? []), "\(reasons)")
    }

    /// The case name, for comparing with the generator's expectations.
    static func name(_ reason: AutomaticMailReason) -> String {
        switch reason {
        case .autoSubmitted: "autoSubmitted"
        case .precedence: "precedence"
        case .autoReplyHeader: "autoReplyHeader"
        case .nullReversePath: "nullReversePath"
        case .deliveryReport: "deliveryReport"
        case .systemSender: "systemSender"
        case .ownAddress: "ownAddress"
        case .automaticSubject: "automaticSubject"
        }
    }

    @Test func anUnknownCharsetIsReadLossilyWithANote() throws {
        let (body, vector) = try Self.load("unknown-charset")
        let email = try InboundParsePost(bytes: body, contentType: vector.content_type).email
        #expect(email.notes.count == 1)
        #expect(email.notes.first?.hasPrefix("text: charset koi8-r is not supported") == true)
        #expect(email.text?.isEmpty == false)
    }

    @Test(arguments: names)
    func signaturesVerifyWithTheDERAndPEMKey(_ name: String) throws {
        let (body, vector) = try Self.load(name)
        let keys = try Self.keys()
        let now = Date(timeIntervalSince1970: Double(vector.timestamp)! + 30)
        for key in [keys.public_key, keys.public_key_pem] {
            try InboundParseSignature().verify(
                body: body, signature: vector.signature, timestamp: vector.timestamp, key: VerificationKey(key), now: now)
        }
    }

    @Test(arguments: names)
    func anyChangeBreaksTheSignature(_ name: String) throws {
        let (body, vector) = try Self.load(name)
        let keys = try Self.keys()
        let key = try VerificationKey(keys.public_key)
        let verifier = InboundParseSignature()
        let now = Date(timeIntervalSince1970: Double(vector.timestamp)!)
        var altered = body
        altered[altered.count / 2] ^= 0x01
        #expect(throws: InboundSignatureError.invalidSignature) {
            try verifier.verify(body: altered, signature: vector.signature, timestamp: vector.timestamp, key: key, now: now)
        }
        #expect(throws: InboundSignatureError.invalidSignature) {
            try verifier.verify(body: body + [0x0A], signature: vector.signature, timestamp: vector.timestamp, key: key, now: now)
        }
        let otherTime = String(Int(vector.timestamp)! + 1)
        #expect(throws: InboundSignatureError.invalidSignature) {
            try verifier.verify(body: body, signature: vector.signature, timestamp: otherTime, key: key, now: now)
        }
        #expect(throws: InboundSignatureError.invalidSignature) {
            try verifier.verify(body: body, signature: vector.signature, timestamp: vector.timestamp, key: VerificationKey(keys.other_public_key), now: now)
        }
    }
}
