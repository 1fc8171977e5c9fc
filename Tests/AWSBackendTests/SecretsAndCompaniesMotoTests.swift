import AWSBackend
import AWSCore
import Foundation
import RepliesCore
import Testing
import RepliesConfiguration

@Suite("Secret source and company directory on moto")
struct SecretsAndCompaniesMotoTests {
    @Test("secrets: JSON objects of strings; missing and malformed ones are SecretError")
    func secrets() async throws {
        try await MotoBackend.with { backend in
            let name = MotoBackend.unique("test/whatsapp-credentials")
            let seeder = AWSSeeder(ports: backend.ports)
            try await seeder.seedSecrets([name: ["twilio_account_sid": "AC00000000000000000000000000000000", "twilio_auth_token": "fake-token"]])
            #expect(try await backend.ports.secrets.secret(named: name) == ["twilio_account_sid": "AC00000000000000000000000000000000", "twilio_auth_token": "fake-token"])

            let missing = MotoBackend.unique("absent")
            await #expect(throws: SecretError.notFound(missing)) { try await backend.ports.secrets.secret(named: missing) }

            let broken = MotoBackend.unique("broken")
            try await backend.ports.secretsManager.createOrUpdateSecret(name: broken, secretString: "not json")
            await #expect(throws: SecretError.malformed(broken)) { try await backend.ports.secrets.secret(named: broken) }

            for id in [name, broken] { try await backend.ports.secretsManager.deleteSecret(id: id) }
        }
    }

    @Test("an unreachable Secrets Manager is a transient SecretError")
    func unavailable() async throws {
        var environment = try MotoBackend.awsEnvironment()
        environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "http://127.0.0.1:9"
        // A short per-attempt timeout: AsyncHTTPClient keeps retrying a refused connection until then.
        let client = SecretsManagerClient(transport: AWSJSONClient(
            service: .secretsManager, configuration: try AWSClientConfiguration(environment: environment),
            retryPolicy: .none, defaultTimeout: .seconds(2)))
        let error = try await #require(throws: SecretError.self) {
            try await SecretsManagerSecretSource(client: client).secret(named: "x")
        }
        guard case .unavailable = error else { Issue.record("expected unavailable, got \(error)"); return }
        #expect(RetryDisposition.of(error) == .transient(retryAfter: nil))
    }

    @Test("company records round-trip through COMPANY_DATA_TABLE")
    func companies() async throws {
        try await MotoBackend.with(companyData: true) { backend in
            let companies = try #require(backend.ports.companies)
            let record: Record = [
                "company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"), "project_status": .string("inactive"),
                "allowed_channels": .list([.string("whatsapp")]),
                "rate_limits": .map(["requests_per_minute": .number("60")]), "company_rep": .map(["company_rep_2": .null]),
            ]
            try await AWSSeeder(ports: backend.ports).seedCompanies([record])
            #expect(try await companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001") == record)
            #expect(try await companies.company(companyId: "ci-aaa-001", projectId: "pi-none") == nil)
            await #expect(throws: AWSBackendError.self) { try await companies.put(["company_id": .string("x")]) }
        }
    }
}
