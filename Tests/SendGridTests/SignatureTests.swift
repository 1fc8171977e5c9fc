import Crypto
import EmailKit
import Foundation
import SendGrid
import Testing

/// What the vectors do not cover: headers missing or malformed, the freshness window, key forms.
/// Signatures here are made with swift-crypto only to vary timestamps; that the scheme is
/// SendGrid's is proven by the vectors (signed by Python `cryptography`).
@Suite struct SignatureTests {
    static let privateKey = P256.Signing.PrivateKey()
    static let key = VerificationKey(privateKey.publicKey)
    static let body = Array("--xYzZY\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhi\r\n--xYzZY--\r\n".utf8)
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    static func sign(_ timestamp: String, _ body: [UInt8] = body) throws -> String {
        try privateKey.signature(for: Data(timestamp.utf8) + body).derRepresentation.base64EncodedString()
    }

    @Test func refusesMissingAndMalformedHeaders() throws {
        let verifier = InboundParseSignature()
        let stamp = "1767225600"
        let signature = try Self.sign(stamp)
        #expect(throws: InboundSignatureError.missingSignature) { try verifier.verify(body: Self.body, signature: nil, timestamp: stamp, key: Self.key, now: Self.now) }
        #expect(throws: InboundSignatureError.missingSignature) { try verifier.verify(body: Self.body, signature: " ", timestamp: stamp, key: Self.key, now: Self.now) }
        #expect(throws: InboundSignatureError.missingTimestamp) { try verifier.verify(body: Self.body, signature: signature, timestamp: nil, key: Self.key, now: Self.now) }
        for bad in ["-1", "1.5", "abc", "99999999999999", "１２３"] {
            #expect(throws: InboundSignatureError.malformedTimestamp) { try verifier.verify(body: Self.body, signature: signature, timestamp: bad, key: Self.key, now: Self.now) }
        }
        for bad in ["not base64!", "AAAA", Data(repeating: 1, count: 70).base64EncodedString()] {
            #expect(throws: InboundSignatureError.malformedSignature) { try verifier.verify(body: Self.body, signature: bad, timestamp: stamp, key: Self.key, now: Self.now) }
        }
    }

    @Test func acceptsWithinTheWindowAndRefusesOutsideIt() throws {
        let verifier = InboundParseSignature()
        for offset in [-300, 0, 24 * 3600] {
            let stamp = String(1_767_225_600 - offset)
            try verifier.verify(body: Self.body, signature: Self.sign(stamp), timestamp: stamp, key: Self.key, now: Self.now)
        }
        let old = String(1_767_225_600 - 24 * 3600 - 1)
        #expect(throws: InboundSignatureError.staleTimestamp(ageSeconds: 24 * 3600 + 1)) {
            try verifier.verify(body: Self.body, signature: Self.sign(old), timestamp: old, key: Self.key, now: Self.now)
        }
        let future = String(1_767_225_600 + 301)
        #expect(throws: InboundSignatureError.staleTimestamp(ageSeconds: -301)) {
            try verifier.verify(body: Self.body, signature: Self.sign(future), timestamp: future, key: Self.key, now: Self.now)
        }
        let strict = InboundParseSignature(maxAge: .seconds(60), maxFutureSkew: .zero)
        let minute = String(1_767_225_600 - 61)
        #expect(throws: InboundSignatureError.staleTimestamp(ageSeconds: 61)) {
            try strict.verify(body: Self.body, signature: Self.sign(minute), timestamp: minute, key: Self.key, now: Self.now)
        }
    }

    @Test func acceptsARawSignatureAndKeysInEveryFormSendGridGives() throws {
        let stamp = "1767225600"
        let raw = try Self.privateKey.signature(for: Data(stamp.utf8) + Self.body).rawRepresentation.base64EncodedString()
        try InboundParseSignature().verify(body: Self.body, signature: raw, timestamp: stamp, key: Self.key, now: Self.now)
        let der = Self.privateKey.publicKey.derRepresentation.base64EncodedString()
        let wrapped = stride(from: 0, to: der.count, by: 20).map { String(der.dropFirst($0).prefix(20)) }.joined(separator: "\n ")
        for text in [der, wrapped, Self.privateKey.publicKey.pemRepresentation, Self.privateKey.publicKey.x963Representation.base64EncodedString()] {
            try InboundParseSignature().verify(body: Self.body, signature: Self.sign(stamp), timestamp: stamp, key: VerificationKey(text), now: Self.now)
        }
    }

    @Test func refusesKeysThatAreNotP256PublicKeys() {
        #expect(throws: InboundSignatureError.self) { try VerificationKey("not base64 !") }
        #expect(throws: InboundSignatureError.self) { try VerificationKey(Data(repeating: 7, count: 40).base64EncodedString()) }
        #expect(throws: InboundSignatureError.self) { try VerificationKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----") }
        let p384 = P384.Signing.PrivateKey().publicKey.derRepresentation.base64EncodedString()
        #expect(throws: InboundSignatureError.self) { try VerificationKey(p384) }
    }

    @Test func readsTheCredentialsSecret() throws {
        let secret = [
            "sendgrid_auth_value": "SG.x", "sendgrid_from_email": "Lettings@Example.com", "sendgrid_from_name": "Larkspur",
            "sendgrid_inbound_verification_key": Self.privateKey.publicKey.derRepresentation.base64EncodedString(),
            "sendgrid_template_id": "d-ignored",
        ]
        let credentials = try SendGridCredentials(secret: secret, name: "email-secret")
        #expect(try credentials.requireAPIKey() == "SG.x")
        #expect(credentials.fromEmail?.value == "lettings@example.com")
        #expect(credentials.fromName == "Larkspur")
        _ = try credentials.requireVerificationKey()

        let empty = try SendGridCredentials(secret: [:], name: "email-secret")
        #expect(throws: SendGridConfigurationError.missingField("sendgrid_auth_value", secret: "email-secret")) { try empty.requireAPIKey() }
        #expect(throws: SendGridConfigurationError.missingField("sendgrid_inbound_verification_key", secret: "email-secret")) { try empty.requireVerificationKey() }
        #expect(throws: SendGridConfigurationError.invalidField("sendgrid_from_email", secret: "email-secret")) {
            try SendGridCredentials(secret: ["sendgrid_from_email": "not an address"], name: "email-secret")
        }
        let badKey = try SendGridCredentials(secret: ["sendgrid_inbound_verification_key": "AAAA"], name: "email-secret")
        #expect(throws: SendGridConfigurationError.self) { try badKey.requireVerificationKey() }
    }
}
