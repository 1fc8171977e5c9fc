import AWSBackend
import AWSCore
import Foundation
import RepliesCore
import Testing
import RepliesConfiguration

@Suite("Provisioning and seeding on moto")
struct ProvisioningMotoTests {
    @Test("tables and queues are created as specified, and provisioning again changes nothing")
    func provision() async throws {
        try await MotoBackend.with(companyData: true) { backend in
            let plan = backend.report.plan
            #expect(backend.report.resources.allSatisfy { $0.created })
            let conversations = try #require(try await backend.dynamo.describeTable(plan.conversationsTable))
            #expect(conversations.keySchema == [.hash("primary_channel"), .range("conversation_id")])
            #expect(Dictionary(uniqueKeysWithValues: conversations.attributes.map { ($0.name, $0.type) }) == TableLayouts.conversationAttributeTypes)
            #expect(conversations.attributes.first { $0.name == "task_complete" }?.type == .n)
            #expect(Set(conversations.globalSecondaryIndexes.map(\.name)) == [
                "company-id-project-id-index", "company-whatsapp-number-recipient-tel-index",
                "company-sms-number-recipient-tel-index", "company-email-recipient-email-index",
            ])
            #expect(Set(conversations.localSecondaryIndexes.map(\.name)) == ["created-at-index", "task-complete-index", "conversation-status-index", "channel-method-index"])
            #expect(conversations.globalSecondaryIndexes.allSatisfy { $0.projection.type == .all })
            #expect(conversations.billingMode == nil || conversations.billingMode == "PAY_PER_REQUEST")
            let history = try #require(try await backend.dynamo.describeTable(plan.historyTable))
            #expect(history.keySchema == [.hash("conversation_id"), .range("position")])
            #expect(history.attributes.first { $0.name == "position" }?.type == .n)
            #expect(backend.report.environmentLines.contains("HISTORY_TABLE=\(plan.historyTable)"))
            let operatorTable = try #require(try await backend.dynamo.describeTable(plan.operatorTable))
            #expect(operatorTable.keySchema == [.hash("pk"), .range("sk")])
            #expect(operatorTable.globalSecondaryIndexes.map(\.name) == ["company-index"])
            #expect(backend.report.environmentLines.contains("OPERATOR_TABLE=\(plan.operatorTable)"))
            for table in [plan.stageTable, plan.lockTable, plan.operatorTable] {
                let ttl = try await backend.dynamo.describeTimeToLive(table: table)
                #expect(ttl?.status == "ENABLED" && ttl?.attributeName == "expires_at", "\(table)")
            }
            for channel in Channel.allCases {
                let url = try #require(backend.report.queueURLs[channel])
                let attributes = try await backend.sqs.getQueueAttributes(queueURL: url)
                #expect(attributes["VisibilityTimeout"] == "900", "6 × the 150 s worker timeout")
                let redrive = try #require(attributes["RedrivePolicy"].flatMap(SQSRedrivePolicy.init(attribute:)))
                #expect(redrive.maxReceiveCount == 5)
                let dlqArn = try await backend.sqs.getQueueAttributes(queueURL: try #require(backend.report.deadLetterQueueURLs[channel]), names: ["QueueArn"])["QueueArn"]
                #expect(redrive.deadLetterTargetArn == dlqArn)
            }
            #expect(backend.report.environmentLines.contains("HANDOFF_QUEUE_URL=\(backend.report.handoffQueueURL)"))

            let again = try await AWSProvisioner(configuration: try AWSClientConfiguration(environment: backend.environment)).provision(plan)
            #expect(again.resources.allSatisfy { !$0.created })
            #expect(again.queueURLs == backend.report.queueURLs)
            #expect(again.handoffQueueURL == backend.report.handoffQueueURL)
        }
    }

    @Test("an existing table that lacks the lookup index is reported, not used")
    func incompatible() async throws {
        let environment = try MotoBackend.awsEnvironment()
        let dynamo = DynamoDBClient(configuration: try AWSClientConfiguration(environment: environment))
        let name = MotoBackend.unique("bad-conversations")
        try await dynamo.createTable(TableDefinition(
            name: name, attributes: [.init("primary_channel", .s), .init("conversation_id", .s)],
            keySchema: [.hash("primary_channel"), .range("conversation_id")]))
        var plan = AWSProvisioningPlan(conversationsTable: name, createConversationsTable: false)
        plan.stageTable = MotoBackend.unique("s")
        let provisioner = AWSProvisioner(configuration: try AWSClientConfiguration(environment: environment))
        let outcome: Result<AWSProvisioningReport, any Error>
        do { outcome = .success(try await provisioner.provision(plan)) } catch { outcome = .failure(error) }
        try await dynamo.deleteTable(name)
        guard case .failure(let error) = outcome, error is AWSProvisioningError else {
            Issue.record("expected AWSProvisioningError, got \(outcome)")
            return
        }
        #expect("\(error)".contains("company-whatsapp-number-recipient-tel-index"))
        #expect(try await dynamo.describeTable(plan.stageTable) == nil, "nothing else was created")
    }

    @Test("seeded plain-JSON records land with NULLs, numbers and lists intact; bad ones are named")
    func seed() async throws {
        try await MotoBackend.with { backend in
            let json = #"""
            [{"primary_channel": "+447700900123", "conversation_id": "ci#pi#r#447700900456", "task_complete": 0,
              "thread_id": null, "deposit": 1250.50, "allowed_channels": ["whatsapp"], "company_rep": {"company_rep_2": null},
              "created_at": "2025-05-01T09:30:12.345678+00:00Z", "gsi_company_whatsapp_number": "+447700900456",
              "gsi_recipient_tel": "+447700900123", "channel_method": "whatsapp"}]
            """#
            let records = try JSONDecoder().decode([Record].self, from: Data(json.utf8))
            let seeder = AWSSeeder(ports: try AWSBackendPorts(environment: backend.environment))
            #expect(try await seeder.seedConversations(records) == 1)
            let item = try #require(try await backend.dynamo.getItem(
                table: backend.report.plan.conversationsTable,
                key: ["primary_channel": .s("+447700900123"), "conversation_id": .s("ci#pi#r#447700900456")]))
            #expect(item["task_complete"] == .n("0"))
            #expect(item["thread_id"] == .null)
            #expect(item["deposit"] == .n("1250.5"))
            #expect(item["allowed_channels"] == .l([.s("whatsapp")]))
            #expect(item["company_rep"] == .m(["company_rep_2": .null]))
            let found = try await backend.ports.conversations.findConversations(channel: .whatsapp, companyNumber: "+447700900456", userNumber: "+447700900123")
            #expect(found.count == 1)

            var wrongType = records[0]
            wrongType["task_complete"] = .string("0")
            let error = try await #require(throws: AWSSeedError.self) { try await seeder.seedConversations([records[0], wrongType]) }
            #expect(error.description.contains("record #2") && error.description.contains("task_complete"))
            await #expect(throws: AWSSeedError.self) { try await seeder.seedConversations([["task_complete": .number("0")]]) }
            await #expect(throws: AWSSeedError.self) { try await seeder.seedCompanies([["company_id": .string("c"), "project_id": .string("p")]]) }
        }
    }
}
