import Crypto
import Foundation
package import RepliesCore

/// Validates `X-Twilio-Signature` exactly as Twilio's SDKs compute it (twilio-python
/// `request_validator.py`): the URL as requested, then for each parameter name in code-point
/// order its distinct values in code-point order, appended as `name + value`; HMAC-SHA1 keyed
/// with the account's Auth Token; base64. A request is accepted when either URL form from
/// ``TwilioURLVariants`` matches. Comparison is constant-time.
///
/// ```swift
/// let verifier = TwilioSignature()
/// let ok = verifier.isValid(url: "https://example.test/whatsapp", fields: fields,
///                           signature: request.headers["X-Twilio-Signature"] ?? "", authToken: token)
/// ```
package struct TwilioSignature: SignatureVerifier {
    package init() {}

    /// Form-encoded webhooks: the signature covers the URL and every posted parameter.
    package func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool {
        guard !signature.isEmpty else { return false }
        // The fields' part and the key are the same for both URL forms: built once.
        let signedFields = Self.signedFields(fields)
        // Keyed once (the key schedule hashes two blocks); each variant updates its own copy
        // (swift-crypto's digests copy their state on write).
        let keyed = HMAC<Insecure.SHA1>(key: SymmetricKey(data: Array(authToken.utf8)))
        var matched = false
        for variant in TwilioURLVariants.all(of: url) {
            // Evaluate every variant (no early exit) so timing does not reveal which one matched.
            matched = Self.constantTimeEqual(Self.signature(url: variant, signedFields: signedFields, keyed: keyed), signature) || matched
        }
        return matched
    }

    /// JSON-bodied webhooks: Twilio adds `bodySHA256` (hex SHA-256 of the raw body) to the URL's
    /// query and signs the URL alone. Both the hash and the signature must match; a URL without
    /// `bodySHA256` is refused.
    package func validate(url: String, body: some Sequence<UInt8>, signature: String, authToken: String) -> Bool {
        guard let claimed = Self.queryValue(named: "bodySHA256", in: url) else { return false }
        let actual = SHA256.hash(data: Array(body)).map { Self.hexDigits($0) }.joined()
        let hashMatches = Self.constantTimeEqual(actual, claimed)
        let signatureMatches = isValid(url: url, fields: [], signature: signature, authToken: authToken)
        return hashMatches && signatureMatches
    }

    /// The base64 HMAC-SHA1 signature Twilio would send for `url` and `fields`.
    package static func compute(url: String, fields: [FormField], authToken: String) -> String {
        signature(url: url, signedFields: signedFields(fields), keyed: HMAC(key: SymmetricKey(data: Array(authToken.utf8))))
    }

    private static func signature(url: String, signedFields: [UInt8], keyed: HMAC<Insecure.SHA1>) -> String {
        var hmac = keyed
        hmac.update(data: Array(url.utf8))
        hmac.update(data: signedFields)
        return Data(hmac.finalize()).base64EncodedString()
    }

    /// What follows the URL in the signed text: for each name in code-point order, its distinct
    /// values in code-point order, as `name + value`. Compared as UTF-8 bytes: their
    /// lexicographic order is code-point order (Python's sort) and byte equality is Python's set
    /// equality; Swift's String compares canonically equivalent text as equal, which would merge
    /// values Twilio keeps apart. Sorting the (name, value) pairs and skipping a repeated pair is
    /// the same as sorting names, then each name's set of values.
    static func signedFields(_ fields: [FormField]) -> [UInt8] {
        // Each field's bytes once, so that the sort compares with `memcmp` (on every webhook).
        let pairs = fields.map { (name: Array($0.name.utf8), value: Array($0.value.utf8)) }
        let sorted = pairs.sorted { left, right in
            let names = compare(left.name, right.name)
            return names == 0 ? compare(left.value, right.value) < 0 : names < 0
        }
        var data: [UInt8] = []
        data.reserveCapacity(pairs.reduce(0) { $0 + $1.name.count + $1.value.count })
        var previous: (name: [UInt8], value: [UInt8])?
        for pair in sorted {
            if let previous, previous.name == pair.name, previous.value == pair.value { continue }
            data += pair.name
            data += pair.value
            previous = pair
        }
        return data
    }

    /// Byte-wise order of two UTF-8 texts (negative, zero, positive), as `memcmp` then length.
    private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        let common = min(left.count, right.count)
        let order = left.withUnsafeBytes { l in
            right.withUnsafeBytes { r in
                guard common > 0, let a = l.baseAddress, let b = r.baseAddress else { return Int32(0) }
                return memcmp(a, b, common)
            }
        }
        return order != 0 ? Int(order) : left.count - right.count
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }

    /// The first value of a query parameter, percent-decoded; nil when absent or undecodable.
    static func queryValue(named name: String, in url: String) -> String? {
        guard let questionMark = url.firstIndex(of: "?") else { return nil }
        let query = url[url.index(after: questionMark)...].prefix(while: { $0 != "#" })
        guard let fields = try? TwilioForm.parse(String(query)) else { return nil }
        return fields.first(where: { $0.name == name })?.value
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }
}
