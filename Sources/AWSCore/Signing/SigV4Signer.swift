package import Crypto
package import Foundation

/// AWS Signature Version 4, header form, verified byte for byte against the official
/// aws-signing-test-suite (see `Tests/AWSCoreTests/Vectors`).
///
/// ```swift
/// let signer = SigV4Signer(credentials: credentials, region: "eu-north-1", service: "dynamodb")
/// let signature = signer.sign(request, at: Date())
/// headers.append(contentsOf: signature.headersToAdd)
/// ```
package struct SigV4Signer: Sendable {
    package static let algorithm = "AWS4-HMAC-SHA256"
    /// SHA-256 of the empty body.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    package var credentials: AWSCredentials
    package var region: String
    package var service: String

    package init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs `request` at `date`.
    /// - Parameter signContentHash: add and sign `x-amz-content-sha256` (S3 requires it; the
    ///   JSON services accept it but do not need it).
    package func sign(_ request: SigV4Request, at date: Date, signContentHash: Bool = false) -> SigV4Signature {
        let epoch = Int64(date.timeIntervalSince1970.rounded(.down))
        let (amzDate, day) = SigV4Encoding.timestamps(epochSeconds: epoch)
        let payloadHash = SigV4Encoding.hex(SHA256.hash(data: request.body))

        var added: [(name: String, value: String)] = [("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        if signContentHash { added.append(("X-Amz-Content-Sha256", payloadHash)) }

        // Lower-case names; repeated names keep their order and are joined with commas.
        var grouped: [String: [String]] = [:]
        for header in request.headers + added {
            grouped[header.name.lowercased(), default: []].append(SigV4Encoding.canonicalHeaderValue(header.value))
        }
        let names = grouped.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(grouped[$0, default: []].joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            request.method.uppercased(),
            SigV4Encoding.canonicalPath(request.path),
            SigV4Encoding.canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")

        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            Self.algorithm, amzDate, scope, SigV4Encoding.hex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let key = signingKey(day: day)
        let signature = SigV4Encoding.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            signedHeaders: signedHeaders, authorization: authorization,
            headersToAdd: added + [("Authorization", authorization)])
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    package func signingKey(day: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
        let secret = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        return hmac(hmac(hmac(hmac(secret, day), region), service), "aws4_request")
    }
}
