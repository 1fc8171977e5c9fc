/// Named JSON secrets (Secrets Manager, or the embedded secrets file).
package protocol SecretSource: Sendable {
    /// The secret's JSON object, string values only. Throws ``SecretError``.
    func secret(named name: String) async throws -> [String: String]

    /// The secret read from the store itself, bypassing any cache (and refreshing it): used
    /// after a signature mismatch, when the cached value may predate a token rotation.
    func freshSecret(named name: String) async throws -> [String: String]
}

extension SecretSource {
    /// Sources without a cache read the store every time already.
    package func freshSecret(named name: String) async throws -> [String: String] {
        try await secret(named: name)
    }
}

package enum SecretError: Error, Hashable, CustomStringConvertible, RetryClassifying {
    case notFound(String)
    case malformed(String)
    case unavailable(String)
    /// The store refused access (IAM, KMS): retrying will not help.
    case denied(String)

    package var description: String {
        switch self {
        case .notFound(let name): "secret '\(name)' does not exist; create it (see docs/DEPLOY.md)"
        case .malformed(let name): "secret '\(name)' is not a JSON object of strings; fix its value"
        case .unavailable(let detail): "secret store unavailable: \(detail)"
        case .denied(let detail): "secret store refused access: \(detail); grant secretsmanager:GetSecretValue (and kms:Decrypt) on it"
        }
    }

    package var retryDisposition: RetryDisposition {
        if case .unavailable = self { return .transient(retryAfter: nil) }
        return .permanent
    }
}
