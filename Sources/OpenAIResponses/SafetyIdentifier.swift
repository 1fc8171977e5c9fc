import Crypto

/// The `safety_identifier` sent with each call: OpenAI asks for a stable per-user id to trace
/// abuse, and advises hashing it; the raw phone number never leaves the engine.
///
/// ```swift
/// SafetyIdentifier.hash("+447700900123")   // 64 lowercase hex characters
/// ```
enum SafetyIdentifier {
    static func hash(_ endUserId: String) -> String {
        let digest = SHA256.hash(data: Array(endUserId.utf8))
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }
}
