import AWSBackend
import AWSCore
import Foundation
import Logging
import RepliesCore
import Testing
import RepliesConfiguration

/// A fresh set of uniquely named tables and queues on the moto server started by
/// `scripts/with-moto.sh`, provisioned by ``AWSProvisioner``; `tearDown` deletes them.
struct MotoBackend {
    static let missing: Comment = "MOTO_ENDPOINT is not set: run these tests through scripts/with-moto.sh, e.g. scripts/with-moto.sh swift test --filter 'AWSCoreTests|AWSBackendTests'"

    let environment: [String: String]
    let ports: AWSBackendPorts
    let report: AWSProvisioningReport

    var dynamo: DynamoDBClient { ports.dynamo }
    var sqs: SQSClient { ports.sqs }

    /// moto's endpoint and the IAM test user's key, as the engine would read them.
    static func awsEnvironment() throws -> [String: String] {
        let process = ProcessInfo.processInfo.environment
        let endpoint = try #require(process["MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }, missing)
        var environment = ["AWS_ENDPOINT_URL": endpoint, "AWS_REGION": process["AWS_REGION"] ?? "us-east-1"]
        for key in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            let value: String = try #require(process[key], "\(key) is not set: scripts/with-moto.sh exports the IAM test user's key")
            environment[key] = value
        }
        return environment
    }

    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    static func make(companyData: Bool = false) async throws -> MotoBackend {
        var environment = try awsEnvironment()
        let id = unique("t")
        let plan = AWSProvisioningPlan(
            conversationsTable: "\(id)-conversations", stageTable: "\(id)-stage", lockTable: "\(id)-locks", historyTable: "\(id)-history",
            operatorTable: "\(id)-operator", companyDataTable: companyData ? "\(id)-companies" : nil,
            channelQueues: [.whatsapp: "\(id)-whatsapp", .sms: "\(id)-sms", .email: "\(id)-email"], handoffQueue: "\(id)-handoff",
            workerTimeoutSeconds: 150)
        let provisioner = AWSProvisioner(configuration: try AWSClientConfiguration(environment: environment))
        let report = try await provisioner.provision(plan)
        for line in report.environmentLines {
            let parts = line.split(separator: "=", maxSplits: 1)
            environment[String(parts[0])] = String(parts[1])
        }
        return MotoBackend(environment: environment, ports: try AWSBackendPorts(environment: environment), report: report)
    }

    /// Writes `item` with fresh Twilio and OpenAI secrets (seeded) in its `channel_config` and
    /// `ai_config`; returns the item as written and the two secret names.
    func putConversation(_ item: DynamoDBItem) async throws -> (item: DynamoDBItem, secrets: [String]) {
        let twilioSecret = Self.unique("test/whatsapp-credentials")
        let openAISecret = Self.unique("test/openai-api-key")
        var item = item
        item["channel_config"] = .m(["company_whatsapp_number": .s(TemplateSenderRecords.company), "whatsapp_credentials_id": .s(twilioSecret)])
        item["ai_config"] = .m(["api_key_reference": .s(openAISecret), "assistant_id_replies": .s("asst_ExampleReplies00001")])
        try await dynamo.putItem(table: report.plan.conversationsTable, item: item)
        try await AWSSeeder(ports: ports).seedSecrets([
            twilioSecret: ["twilio_account_sid": "AC00000000000000000000000000000000", "twilio_auth_token": "fake-auth-token"],
            openAISecret: ["ai_api_key": "sk-test-fake"],
        ])
        return (item, [twilioSecret, openAISecret])
    }

    func tearDown() async {
        let plan = report.plan
        for table in [plan.conversationsTable, plan.stageTable, plan.lockTable, plan.historyTable] + [plan.companyDataTable].compactMap({ $0 }) {
            try? await dynamo.deleteTable(table)
        }
        for url in Array(report.queueURLs.values) + Array(report.deadLetterQueueURLs.values) + [report.handoffQueueURL] {
            try? await sqs.deleteQueue(queueURL: url)
        }
    }

    /// Runs `body` with a fresh backend and always tears it down.
    static func with(companyData: Bool = false, _ body: (MotoBackend) async throws -> Void) async throws {
        let backend = try await make(companyData: companyData)
        do {
            try await body(backend)
        } catch {
            await backend.tearDown()
            throw error
        }
        await backend.tearDown()
    }
}
