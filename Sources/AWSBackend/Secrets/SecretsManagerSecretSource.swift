package import AWSCore
import Foundation
import RepliesCore

/// ``SecretSource`` on Secrets Manager: each secret is a JSON object; its string values are
/// returned (other value types are ignored). Values are cached by the client (TTL).
///
/// Errors are ``SecretError``: a missing secret is `notFound`, a non-JSON or binary one
/// `malformed`, and every failed call `unavailable` (throttling, network, and also refused
/// permissions, which the core then retries and finally reports).
///
/// ```swift
/// let secrets = SecretsManagerSecretSource(client: SecretsManagerClient(configuration: configuration))
/// let token = try await secrets.secret(named: "ai-multi-comms/whatsapp-credentials/…")["twilio_auth_token"]
/// ```
package struct SecretsManagerSecretSource: SecretSource {
    package let client: SecretsManagerClient

    package init(client: SecretsManagerClient) {
        self.client = client
    }

    package func secret(named name: String) async throws -> [String: String] {
        try await read(name, fresh: false)
    }

    /// Bypasses the client's cache (and refreshes it with what it reads).
    package func freshSecret(named name: String) async throws -> [String: String] {
        try await read(name, fresh: true)
    }

    private func read(_ name: String, fresh: Bool) async throws -> [String: String] {
        let text: String
        do {
            text = try await client.secretString(id: name, fresh: fresh)
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            throw SecretError.notFound(name)
        } catch is SecretsManagerError {
            throw SecretError.malformed(name)
        } catch let error as AWSError where !error.isRetryable {
            throw SecretError.denied("reading secret '\(name)': \(error)")
        } catch let error as AWSError {
            throw SecretError.unavailable("reading secret '\(name)': \(error)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw SecretError.malformed(name)
        }
        return object.compactMapValues { $0 as? String }
    }
}
