import AWSCore
import Foundation
import RepliesConfiguration
import Testing

/// The client settings for moto's server started by `scripts/with-moto.sh`, as the engine's
/// configuration layer reads them. Fails (never skips) with the command to run when moto is absent.
enum MotoClient {
    static func configuration() throws -> AWSClientConfiguration {
        let process = ProcessInfo.processInfo.environment
        let endpoint = try #require(
            process["MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 },
            "MOTO_ENDPOINT is not set: run the AWS contract cases through scripts/with-moto.sh, e.g. scripts/with-moto.sh swift test --filter StoreContractTests")
        var environment = ["AWS_ENDPOINT_URL": endpoint, "AWS_REGION": process["AWS_REGION"] ?? "us-east-1"]
        for key in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            let value: String = try #require(process[key], "\(key) is not set: scripts/with-moto.sh exports it")
            environment[key] = value
        }
        return try AWSClientConfiguration(environment: environment)
    }
}

/// Runs `body` on a fresh fixture and calls its tear-down afterwards, also when `body` throws.
func withTearDown<Fixture>(
    _ fixture: Fixture, tearDown: (Fixture) async throws -> Void, _ body: (Fixture) async throws -> Void
) async throws {
    do {
        try await body(fixture)
    } catch {
        try? await tearDown(fixture)
        throw error
    }
    try await tearDown(fixture)
}
