import Crypto
package import Foundation

/// Verifies the signature SendGrid puts on Inbound Parse posts when the Parse setting has a
/// security policy with signing ("Securing your Inbound Parse Webhooks"): an ECDSA P-256 /
/// SHA-256 signature, base64 DER, in `X-Twilio-Email-Event-Webhook-Signature`, over the bytes
/// of the `X-Twilio-Email-Event-Webhook-Timestamp` header value followed by the raw request
/// body — the scheme of SendGrid's signed Event Webhook, whose `EventWebhook.verify_signature`
/// helpers (sendgrid-python, sendgrid-nodejs) compute `timestamp + payload`.
///
/// Freshness: a post is accepted if signed at most ``maxAge`` ago (default 24 h) and at most
/// ``maxFutureSkew`` ahead (default 5 min). SendGrid retries a post answered 5xx for up to 72 h
/// and does not document whether a retry is signed anew, so a short window could turn an outage
/// into lost mail; a replay within the window is harmless because the `Message-ID` makes a
/// repeated message a no-op (the engine remembers answered messages for 25 h, longer than the
/// window).
///
/// ```swift
/// let verifier = InboundParseSignature()
/// try verifier.verify(body: bytes, signature: headers[InboundParseSignature.signatureHeader],
///                     timestamp: headers[InboundParseSignature.timestampHeader], key: key, now: Date())
/// ```
package struct InboundParseSignature: Sendable {
    package static let signatureHeader = "X-Twilio-Email-Event-Webhook-Signature"
    package static let timestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp"

    package var maxAge: Duration
    package var maxFutureSkew: Duration

    package init(maxAge: Duration = .seconds(24 * 3600), maxFutureSkew: Duration = .seconds(300)) {
        self.maxAge = maxAge
        self.maxFutureSkew = maxFutureSkew
    }

    /// Returns when the post is authentic and fresh; throws why not otherwise.
    package func verify(
        body: some DataProtocol, signature: String?, timestamp: String?, key: VerificationKey, now: Date
    ) throws(InboundSignatureError) {
        guard let signature = signature?.trimmingCharacters(in: .whitespaces), !signature.isEmpty else { throw .missingSignature }
        guard let timestamp = timestamp?.trimmingCharacters(in: .whitespaces), !timestamp.isEmpty else { throw .missingTimestamp }
        guard timestamp.count <= 12, timestamp.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int64(timestamp) else {
            throw .malformedTimestamp
        }
        guard let signatureBytes = Data(base64Encoded: signature) else { throw .malformedSignature }
        let parsed: P256.Signing.ECDSASignature
        if let der = try? P256.Signing.ECDSASignature(derRepresentation: signatureBytes) {
            parsed = der
        } else if signatureBytes.count == 64, let raw = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes) {
            parsed = raw
        } else {
            throw .malformedSignature
        }
        var signed = Data(timestamp.utf8)
        signed.append(contentsOf: body)
        guard key.key.isValidSignature(parsed, for: signed) else { throw .invalidSignature }

        let age = Int(now.timeIntervalSince1970.rounded(.down)) - Int(clamping: seconds)
        if age > Int(maxAge.components.seconds) || -age > Int(maxFutureSkew.components.seconds) {
            throw .staleTimestamp(ageSeconds: age)
        }
    }
}
