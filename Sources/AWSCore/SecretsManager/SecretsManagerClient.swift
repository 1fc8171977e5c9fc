package import Foundation
package import Logging

/// Secrets Manager over the JSON 1.1 protocol: read (through an optional TTL cache) and seed.
///
/// ```swift
/// let secrets = SecretsManagerClient(configuration: configuration, cacheTTL: .seconds(300))
/// let text = try await secrets.secretString(id: "ai-multi-comms/openai-api-key/whatsapp-dev")
/// try await secrets.createOrUpdateSecret(name: "demo/twilio", secretString: #"{"twilio_auth_token":"…"}"#)
/// ```
package struct SecretsManagerClient: Sendable {
    package let transport: AWSJSONClient
    let cache: SecretCache?

    /// - Parameter cacheTTL: how long a value read is served from memory; nil disables caching.
    package init(transport: AWSJSONClient, cacheTTL: Duration? = .seconds(300), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.cache = cacheTTL.map { SecretCache(ttl: $0, clock: clock) }
    }

    package init(
        configuration: AWSClientConfiguration, executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(),
        retryPolicy: AWSRetryPolicy = .standard, timer: any Clock<Duration> = ContinuousClock(),
        cacheTTL: Duration? = .seconds(300), clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "aws.secretsmanager")
    ) {
        self.init(
            transport: AWSJSONClient(
                service: .secretsManager, configuration: configuration, executor: executor, retryPolicy: retryPolicy,
                timer: timer, logger: logger),
            cacheTTL: cacheTTL, clock: clock)
    }

    /// The current `SecretString` of `id` (name or ARN). Throws ``AWSError`` (code
    /// `ResourceNotFoundException` when absent) or ``SecretsManagerError``.
    package func secretString(id: String) async throws -> String {
        if let cached = cache?.value(for: id) { return cached }
        struct Input: Encodable {
            var secretId: String
            enum CodingKeys: String, CodingKey { case secretId = "SecretId" }
        }
        struct Output: Decodable {
            var secretString: String?
            var secretBinary: String?
            enum CodingKeys: String, CodingKey { case secretString = "SecretString", secretBinary = "SecretBinary" }
        }
        let output = try await transport.send("GetSecretValue", Input(secretId: id), as: Output.self)
        guard let value = output.secretString else { throw SecretsManagerError.binarySecret(id: id) }
        cache?.store(value, for: id)
        return value
    }

    /// Creates the secret, or puts a new current version when it exists. The idempotency token
    /// is generated once, so retries of one call never make two versions.
    package func createOrUpdateSecret(name: String, secretString: String, description: String? = nil) async throws {
        struct CreateInput: Encodable {
            var name: String
            var secretString: String
            var description: String?
            var token: String
            enum CodingKeys: String, CodingKey {
                case name = "Name", secretString = "SecretString", description = "Description", token = "ClientRequestToken"
            }
        }
        struct PutInput: Encodable {
            var secretId: String
            var secretString: String
            var token: String
            enum CodingKeys: String, CodingKey { case secretId = "SecretId", secretString = "SecretString", token = "ClientRequestToken" }
        }
        struct Output: Decodable {}
        do {
            _ = try await transport.send(
                "CreateSecret",
                CreateInput(name: name, secretString: secretString, description: description, token: UUID().uuidString.lowercased()),
                as: Output.self)
        } catch let error as AWSError where error.code == "ResourceExistsException" {
            _ = try await transport.send(
                "PutSecretValue", PutInput(secretId: name, secretString: secretString, token: UUID().uuidString.lowercased()),
                as: Output.self)
        }
        cache?.remove(name)
    }

    /// Deletes the secret at once (no recovery window): for tests and teardown.
    package func deleteSecret(id: String) async throws {
        struct Input: Encodable {
            var secretId: String
            var force = true
            enum CodingKeys: String, CodingKey { case secretId = "SecretId", force = "ForceDeleteWithoutRecovery" }
        }
        struct Output: Decodable {}
        do {
            _ = try await transport.send("DeleteSecret", Input(secretId: id), as: Output.self)
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {}
        cache?.remove(id)
    }
}

/// Secrets Manager answers this project cannot use.
package enum SecretsManagerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The secret holds `SecretBinary`, not a JSON string.
    case binarySecret(id: String)

    package var description: String {
        switch self {
        case .binarySecret(let id): "secret '\(id)' holds binary data; store a JSON string instead"
        }
    }
}
