import Crypto
import Foundation

/// The key of the `safety_identifier` sent with each call: OpenAI asks for a stable per-user id
/// to trace abuse, and advises hashing it. A bare hash of a phone number is not enough (the
/// space of numbers is small enough to reverse by brute force), so the id is
/// HMAC-SHA256(key, number) in lowercase hex — 64 characters, OpenAI's maximum — with a key per
/// deployment (`OPENAI_SAFETY_IDENTIFIER_KEY`, a secret).
///
/// ```swift
/// let key = SafetyIdentifierKey(secret: Array("deployment-secret".utf8))
/// key.identifier(for: "+447700900123")   // 64 lowercase hex characters
/// ```
package struct SafetyIdentifierKey: Sendable {
    let key: SymmetricKey

    package init(secret: [UInt8]) {
        self.key = SymmetricKey(data: secret)
    }

    package func identifier(for endUserId: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(endUserId.utf8), using: key)
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(64)
        for byte in code {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }
}
