import Foundation
import Testing

@testable import AWSCore

/// The moto server started by `scripts/with-moto.sh`. Tests that need it fail (never skip) with a
/// clear message when it is not there.
enum Moto {
    static let missing: Comment = "MOTO_ENDPOINT is not set: run these tests through scripts/with-moto.sh, e.g. scripts/with-moto.sh swift test --filter 'AWSCoreTests|AWSBackendTests'"

    /// The environment the engine would get: moto's endpoint and the IAM test user's key.
    static func environment() throws -> [String: String] {
        let process = ProcessInfo.processInfo.environment
        let endpoint = try #require(process["MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }, missing)
        var environment = ["AWS_ENDPOINT_URL": endpoint, "AWS_REGION": process["AWS_REGION"] ?? "us-east-1"]
        for key in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            let value: String = try #require(process[key], "\(key) is not set: scripts/with-moto.sh exports the IAM test user's key")
            environment[key] = value
        }
        return environment
    }

    /// What the engine's configuration layer builds from ``environment()``: every service at moto.
    static func configuration() throws -> AWSClientConfiguration {
        let environment = try environment()
        let endpoint = try AWSEndpoint(url: environment["AWS_ENDPOINT_URL"] ?? "", key: "AWS_ENDPOINT_URL")
        let credentials = AWSCredentials(
            accessKeyId: environment["AWS_ACCESS_KEY_ID"] ?? "", secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"] ?? "")
        let services: [AWSService] = [.dynamoDB, .sqs, .secretsManager]
        return AWSClientConfiguration(
            credentials: credentials, region: environment["AWS_REGION"] ?? "us-east-1",
            endpointOverrides: Dictionary(uniqueKeysWithValues: services.map { ($0.signingName, endpoint) }))
    }

    /// A name no other test (or parallel run) uses.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
