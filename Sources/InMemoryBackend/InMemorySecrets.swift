import RepliesCore

/// ``SecretSource`` over a dictionary; can be told to fail for fault-injection tests.
public actor InMemorySecrets: SecretSource {
    private var secrets: [String: [String: String]]
    private var failure: SecretError?

    public init(_ secrets: [String: [String: String]] = [:]) {
        self.secrets = secrets
    }

    public func secret(named name: String) async throws -> [String: String] {
        if let failure { throw failure }
        guard let value = secrets[name] else { throw SecretError.notFound(name) }
        return value
    }

    public func set(_ name: String, _ value: [String: String]) {
        secrets[name] = value
    }

    public func fail(with error: SecretError?) {
        failure = error
    }
}
