import Crypto
import Foundation

/// Operator tokens as the holder sees them: `rop_` and 43 base64url characters (256 random bits).
/// Only ``hash(_:)`` (hex SHA-256) is ever stored; with that much entropy no salt or slow hash
/// is needed, and the lookup by hash never compares secrets.
package enum OperatorTokenSecret {
    package static let prefix = "rop_"

    /// A new token from the system's secure random generator.
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// Hex SHA-256 of the token's UTF-8 bytes.
    package static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `token` has the shape of one (checked before any lookup).
    package static func isWellFormed(_ token: String) -> Bool {
        token.count == prefix.count + 43 && token.hasPrefix(prefix)
            && token.dropFirst(prefix.count).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
