package import Crypto
import Foundation

/// The public key that verifies a tenant's Inbound Parse posts: the `public_key` SendGrid
/// returns when a Parse security policy with signing is created (base64 of a DER
/// SubjectPublicKeyInfo, `MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…`). PEM (`-----BEGIN PUBLIC
/// KEY-----`) and base64 of the raw X9.63 point are accepted too; white space and line breaks
/// anywhere are ignored, so a key pasted across lines works.
///
/// Kept in the company's e-mail credentials secret as `sendgrid_inbound_verification_key`.
package struct VerificationKey: Sendable {
    let key: P256.Signing.PublicKey

    package init(_ text: String) throws(InboundSignatureError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("-----BEGIN") {
            do {
                key = try P256.Signing.PublicKey(pemRepresentation: trimmed)
                return
            } catch {
                throw .invalidKey("a PEM block that is not a P-256 public key")
            }
        }
        let compact = trimmed.filter { !$0.isWhitespace }
        guard let bytes = Data(base64Encoded: compact) else { throw .invalidKey("not base64") }
        if let key = try? P256.Signing.PublicKey(derRepresentation: bytes) {
            self.key = key
        } else if let key = try? P256.Signing.PublicKey(x963Representation: bytes) {
            self.key = key
        } else if let key = try? P256.Signing.PublicKey(compressedRepresentation: bytes) {
            self.key = key
        } else {
            throw .invalidKey("\(bytes.count) bytes that are not a P-256 SubjectPublicKeyInfo or point")
        }
    }

    package init(_ key: P256.Signing.PublicKey) {
        self.key = key
    }
}
