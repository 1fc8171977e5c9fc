import Foundation
import Testing

/// A fresh set of tables and queues on moto's server, created by the real binary's `setup-aws`
/// and seeded by its `seed`: the environment the AWS-backend tests run the binary with.
enum AWSStack {
    /// moto's endpoint and the IAM test user's key (exported by scripts/with-moto.sh), plus
    /// unique table and queue names.
    static func environment() throws -> [String: String] {
        let process = ProcessInfo.processInfo.environment
        let endpoint = try #require(process["MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 },
            "MOTO_ENDPOINT is not set: run the suite through scripts/test.sh (scripts/with-moto.sh)")
        var environment = ["REPLIES_BACKEND": "aws", "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": process["AWS_REGION"] ?? "us-east-1"]
        for key in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            let value: String = try #require(process[key], "\(key) is not set: scripts/with-moto.sh exports the IAM test user's key")
            environment[key] = value
        }
        let id = "e2e-" + UUID().uuidString.prefix(8).lowercased()
        environment["CONVERSATIONS_TABLE"] = "\(id)-conversations"
        environment["STAGE_TABLE"] = "\(id)-stage"
        environment["LOCK_TABLE"] = "\(id)-locks"
        environment["HISTORY_TABLE"] = "\(id)-history"
        environment["OPERATOR_TABLE"] = "\(id)-operator"
        // setup-aws takes the queue names from the URLs' last path segment.
        environment["WHATSAPP_QUEUE_URL"] = "\(endpoint)/000000000000/\(id)-whatsapp"
        environment["SMS_QUEUE_URL"] = "\(endpoint)/000000000000/\(id)-sms"
        environment["EMAIL_QUEUE_URL"] = "\(endpoint)/000000000000/\(id)-email"
        environment["HANDOFF_QUEUE_URL"] = "\(endpoint)/000000000000/\(id)-handoff"
        // A trigger that finds the reply lease held (a webhook retry's, on a slow machine) comes
        // back when the lease ends: the shortest lease keeps "the engine went quiet" within reach.
        environment["REPLY_LEASE_SECONDS"] = "30"
        return environment
    }

    /// Fresh tables and queues made by the binary's `setup-aws`, and the variables naming them.
    static func provisioned() async throws -> [String: String] {
        var environment = try environment()
        for line in try await EngineProcess.run(["setup-aws"], environment: environment).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { environment[parts[0]] = parts[1] }
        }
        return environment
    }

    static func provisionAndSeed(_ tenant: SampleTenant) async throws -> [String: String] {
        let environment = try await provisioned()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-e2e-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeded = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: environment)
        #expect(seeded.contains("seeded 1 conversation (1 new, 0 replaced), 0 companies, 2 secrets"))
        return environment
    }
}
