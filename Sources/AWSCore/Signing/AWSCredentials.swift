/// An access key pair, plus the session token that temporary credentials (Lambda roles, STS)
/// come with. `description` never shows the secret or the token.
///
/// ```swift
/// let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret)
/// let signer = SigV4Signer(credentials: credentials, region: "eu-north-1", service: "dynamodb")
/// ```
package struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    package var accessKeyId: String
    package var secretAccessKey: String
    package var sessionToken: String?

    package init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    package var description: String {
        let visible = accessKeyId.count > 4 ? "…" + accessKeyId.suffix(4) : "…"
        return "AWSCredentials(\(visible)\(sessionToken == nil ? "" : ", with session token"))"
    }
}
