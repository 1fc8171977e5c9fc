/// Why an Inbound Parse post's signature was refused. The route answers `403` and stores
/// nothing; SendGrid does not retry a 4xx.
package enum InboundSignatureError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No `X-Twilio-Email-Event-Webhook-Signature` header: the Parse setting has no security
    /// policy with signing, or the post is not from SendGrid.
    case missingSignature
    case missingTimestamp
    /// The timestamp header is not whole seconds since 1970.
    case malformedTimestamp
    /// The signature header is not base64 of a DER (or raw r‖s) ECDSA signature.
    case malformedSignature
    /// The signature does not verify with the tenant's key: forged, altered in transit, or
    /// signed with another key.
    case invalidSignature
    /// Correctly signed, but the timestamp is outside the accepted window (a replay, or a
    /// badly wrong clock).
    case staleTimestamp(ageSeconds: Int)
    /// The configured verification key is not a P-256 public key in a form SendGrid gives.
    case invalidKey(String)

    package var description: String {
        switch self {
        case .missingSignature:
            "no \(InboundParseSignature.signatureHeader) header; attach a security policy with signature verification to the Parse setting"
        case .missingTimestamp:
            "no \(InboundParseSignature.timestampHeader) header"
        case .malformedTimestamp:
            "the \(InboundParseSignature.timestampHeader) header is not a Unix time in seconds"
        case .malformedSignature:
            "the \(InboundParseSignature.signatureHeader) header is not a base64 ECDSA signature"
        case .invalidSignature:
            "the signature does not match the post and the tenant's verification key"
        case .staleTimestamp(let age):
            age >= 0
                ? "the post was signed \(age) s ago, outside the accepted window (a replay or a wrong clock)"
                : "the post claims to be signed \(-age) s in the future; check the server clock"
        case .invalidKey(let detail):
            "the sendgrid_inbound_verification_key is not a P-256 public key (\(detail)); paste the security policy's public_key"
        }
    }
}
