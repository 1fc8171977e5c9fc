package import RepliesCore

/// ``SecretSource`` over a dictionary; can be told to fail for fault-injection tests.
package actor InMemorySecrets: SecretSource {
    private var secrets: [String: [String: String]]
    private var failure: SecretError?

    package init(_ secrets: [String: [String: String]] = [:]) {
        self.secrets = secrets
    }

    package func secret(named name: String) async throws -> [String: String] {
        if let failure { throw failure }
        guard let value = secrets[name] else { throw SecretError.notFound(name) }
        return value
    }

    package func set(_ name: String, _ value: [String: String]) {
        secrets[name] = value
    }

    package func fail(with error: SecretError?) {
        failure = error
    }
}
