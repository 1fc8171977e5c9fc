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
        let keyed = Self.keyed(authToken)
        var matched = false
        for variant in TwilioURLVariants.all(of: url) {
            // Evaluate every variant (no early exit) so timing does not reveal which one matched.
            matched = Self.matches(Self.mac(url: variant, signedFields: signedFields, keyed: keyed), signature) || matched
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
        Data(mac(url: url, signedFields: signedFields(fields), keyed: keyed(authToken))).base64EncodedString()
    }

    private static func mac(url: String, signedFields: [UInt8], keyed: HMAC<Insecure.SHA1>) -> HashedAuthenticationCode<Insecure.SHA1> {
        var hmac = keyed
        var url = url
        url.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        hmac.update(data: signedFields)
        return hmac.finalize()
    }

    /// The HMAC keyed with `authToken`, remembered per token: the key schedule hashes two blocks
    /// on every call otherwise, and every webhook of an account brings the same token. Each use
    /// updates its own copy (swift-crypto's digests copy their state on write).
    private static func keyed(_ authToken: String) -> HMAC<Insecure.SHA1> {
        keys.value(for: authToken) { HMAC<Insecure.SHA1>(key: SymmetricKey(data: Array($0.utf8))) }
    }

    private static let keys = RememberedValues<String, HMAC<Insecure.SHA1>>(limit: 256)

    /// Whether `signature` is exactly the base64 text of `mac` (Twilio's validator compares the
    /// texts), in time that does not depend on where they differ. Encoded by hand into one small
    /// buffer: Foundation's `base64EncodedString` cost a `Data` and a `String` per URL form.
    static func matches(_ mac: HashedAuthenticationCode<Insecure.SHA1>, _ signature: String) -> Bool {
        constantTimeEqual(mac.withUnsafeBytes { Base64.encode($0) }, signature)
    }

    /// What follows the URL in the signed text: for each name in code-point order, its distinct
    /// values in code-point order, as `name + value`. Compared as UTF-8 bytes: their
    /// lexicographic order is code-point order (Python's sort) and byte equality is Python's set
    /// equality; Swift's String compares canonically equivalent text as equal, which would merge
    /// values Twilio keeps apart. Sorting the (name, value) pairs and skipping a repeated pair is
    /// the same as sorting names, then each name's set of values.
    static func signedFields(_ fields: [FormField]) -> [UInt8] {
        // Every name and value once, in one buffer, so that the sort compares spans of it with
        // `memcmp` and nothing is allocated per field (this runs on every webhook).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count })
        var pairs: [(name: Range<Int>, value: Range<Int>)] = []
        pairs.reserveCapacity(fields.count)
        for field in fields {
            let name = bytes.count
            bytes.append(contentsOf: field.name.utf8)
            let value = bytes.count
            bytes.append(contentsOf: field.value.utf8)
            pairs.append((name: name..<value, value: value..<bytes.count))
        }
        return bytes.withUnsafeBufferPointer { buffer in
            func compare(_ left: Range<Int>, _ right: Range<Int>) -> Int {
                let common = min(left.count, right.count)
                guard common > 0, let base = buffer.baseAddress else { return left.count - right.count }
                let order = memcmp(base + left.lowerBound, base + right.lowerBound, common)
                return order != 0 ? Int(order) : left.count - right.count
            }
            pairs.sort { left, right in
                let names = compare(left.name, right.name)
                return names == 0 ? compare(left.value, right.value) < 0 : names < 0
            }
            var data: [UInt8] = []
            data.reserveCapacity(buffer.count)
            var previous: (name: Range<Int>, value: Range<Int>)?
            for pair in pairs {
                if let previous, compare(previous.name, pair.name) == 0, compare(previous.value, pair.value) == 0 { continue }
                data.append(contentsOf: buffer[pair.name])
                data.append(contentsOf: buffer[pair.value])
                previous = pair
            }
            return data
        }
    }

    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEqual(Array(lhs.utf8), rhs)
    }

    /// Whether `given`'s UTF-8 bytes are `expected`, in time that does not depend on where they differ.
    private static func constantTimeEqual(_ expected: [UInt8], _ given: String) -> Bool {
        var given = given
        return given.withUTF8 { given in
            guard given.count == expected.count else { return false }
            var difference: UInt8 = 0
            for index in 0..<given.count { difference |= given[index] ^ expected[index] }
            return difference == 0
        }
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
