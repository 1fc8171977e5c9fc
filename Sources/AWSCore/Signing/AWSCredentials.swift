import Foundation

/// An access key pair, plus the session token that temporary credentials (Lambda roles, STS)
/// come with. `description` never shows the secret or the token.
///
/// ```swift
/// let credentials = try AWSCredentials(environment: ProcessInfo.processInfo.environment)
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

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`,
    /// the way the SDKs' environment provider does (empty values count as missing).
    package init(environment: [String: String]) throws(AWSConfigurationError) {
        guard let keyId = environment.nonEmpty("AWS_ACCESS_KEY_ID") else {
            throw .missing(key: "AWS_ACCESS_KEY_ID", hint: "set the access key id (on Lambda the runtime sets it)")
        }
        guard let secret = environment.nonEmpty("AWS_SECRET_ACCESS_KEY") else {
            throw .missing(key: "AWS_SECRET_ACCESS_KEY", hint: "set the secret access key that belongs to AWS_ACCESS_KEY_ID")
        }
        self.init(accessKeyId: keyId, secretAccessKey: secret, sessionToken: environment.nonEmpty("AWS_SESSION_TOKEN"))
    }

    package var description: String {
        let visible = accessKeyId.count > 4 ? "…" + accessKeyId.suffix(4) : "…"
        return "AWSCredentials(\(visible)\(sessionToken == nil ? "" : ", with session token"))"
    }
}

extension Dictionary where Key == String, Value == String {
    /// The trimmed value at `key`, nil when absent or blank.
    func nonEmpty(_ key: String) -> String? {
        guard let value = self[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
