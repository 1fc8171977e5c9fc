package import AWSCore
package import Logging
import RepliesCore

/// Creates what the engine needs on a fresh account or on moto: the ConversationsTable (as the
/// template sender's stack defines it), the stage and lock tables with TTL on `expires_at`, the
/// history table,
/// channel queues with dead-letter queues, and the handoff queue. Idempotent: existing resources
/// are checked and kept.
///
/// ```swift
/// let report = try await AWSProvisioner(configuration: client, logger: logger).provision(plan)
/// report.environmentLines.forEach { print($0) }
/// ```
package struct AWSProvisioner: Sendable {
    package let dynamo: DynamoDBClient
    package let sqs: SQSClient
    let timer: any Clock<Duration>
    let logger: Logger

    package init(dynamo: DynamoDBClient, sqs: SQSClient, timer: any Clock<Duration> = ContinuousClock(), logger: Logger = Logger(label: "replies.aws.setup")) {
        self.dynamo = dynamo
        self.sqs = sqs
        self.timer = timer
        self.logger = logger
    }

    package init(configuration: AWSClientConfiguration, executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(), logger: Logger = Logger(label: "replies.aws.setup")) {
        self.init(
            dynamo: DynamoDBClient(configuration: configuration, executor: executor, logger: logger),
            sqs: SQSClient(configuration: configuration, executor: executor, logger: logger), logger: logger)
    }

    package func provision(_ plan: AWSProvisioningPlan) async throws -> AWSProvisioningReport {
        var report = AWSProvisioningReport(plan: plan)
        let conversations = TableLayouts.conversations(name: plan.conversationsTable)
        if plan.createConversationsTable {
            report.resources.append(try await ensureTable(conversations, ttl: false))
        } else {
            try await checkExisting(conversations)
            report.resources.append(.init(kind: "table", name: plan.conversationsTable, created: false))
        }
        report.resources.append(try await ensureTable(TableLayouts.stage(name: plan.stageTable), ttl: true))
        report.resources.append(try await ensureTable(TableLayouts.locks(name: plan.lockTable), ttl: true))
        report.resources.append(try await ensureTable(TableLayouts.history(name: plan.historyTable), ttl: false))
        report.resources.append(try await ensureTable(TableLayouts.operatorTable(name: plan.operatorTable), ttl: true))
        if let company = plan.companyDataTable {
            report.resources.append(try await ensureTable(TableLayouts.companyData(name: company), ttl: false))
        }
        for channel in Channel.allCases {
            guard let name = plan.channelQueues[channel] else { continue }
            let (dlqURL, dlqCreated) = try await ensureQueue(name + "-dlq", attributes: ["MessageRetentionPeriod": "1209600"])
            report.resources.append(.init(kind: "queue", name: name + "-dlq", created: dlqCreated))
            let dlqArn = try await sqs.getQueueAttributes(queueURL: dlqURL, names: ["QueueArn"])["QueueArn"] ?? ""
            let redrive = SQSRedrivePolicy(deadLetterTargetArn: dlqArn, maxReceiveCount: plan.maxReceiveCount)
            let (url, created) = try await ensureQueue(
                name, attributes: ["VisibilityTimeout": String(plan.visibilityTimeoutSeconds), "RedrivePolicy": redrive.attributeValue],
                requireRedrive: redrive)
            report.resources.append(.init(kind: "queue", name: name, created: created))
            report.queueURLs[channel] = url
            report.deadLetterQueueURLs[channel] = dlqURL
        }
        let (handoffURL, handoffCreated) = try await ensureQueue(plan.handoffQueue, attributes: ["MessageRetentionPeriod": "1209600"])
        report.resources.append(.init(kind: "queue", name: plan.handoffQueue, created: handoffCreated))
        report.handoffQueueURL = handoffURL
        return report
    }

    // MARK: - Tables

    private func ensureTable(_ definition: TableDefinition, ttl: Bool) async throws -> AWSProvisioningReport.Resource {
        var created = true
        do {
            try await dynamo.createTable(definition)
            logger.info("created table", metadata: ["table": "\(definition.name)"])
        } catch let error as AWSError where error.code == "ResourceInUseException" {
            created = false
        }
        let description = try await waitUntilActive(definition.name)
        try Self.check(description, against: definition)
        if ttl { try await ensureTimeToLive(definition.name) }
        return .init(kind: "table", name: definition.name, created: created)
    }

    private func checkExisting(_ definition: TableDefinition) async throws {
        guard let description = try await dynamo.describeTable(definition.name) else {
            throw AWSProvisioningError(resource: "table \(definition.name)", problem: "it does not exist (set SETUP_CONVERSATIONS_TABLE=true to create it)")
        }
        try Self.check(description, against: definition)
    }

    /// The indexes the engine queries: an existing table without them cannot be used.
    static let queriedIndexes = Set(Channel.allCases.map(\.lookupIndex) + [StageItem.pendingIndex])

    /// The key schema must match and every index the engine queries must exist with its keys.
    static func check(_ table: TableDescription, against definition: TableDefinition) throws {
        guard table.keySchema == definition.keySchema else {
            throw AWSProvisioningError(resource: "table \(definition.name)", problem: "its key schema is \(table.keySchema.map(\.name)), expected \(definition.keySchema.map(\.name))")
        }
        for index in definition.globalSecondaryIndexes where queriedIndexes.contains(index.name) {
            guard let existing = table.globalSecondaryIndexes.first(where: { $0.name == index.name }), existing.keySchema == index.keySchema else {
                throw AWSProvisioningError(resource: "table \(definition.name)", problem: "index \(index.name) on \(index.keySchema.map(\.name)) is missing")
            }
        }
    }

    private func waitUntilActive(_ name: String) async throws -> TableDescription {
        for _ in 0..<300 {
            if let table = try await dynamo.describeTable(name), table.status == "ACTIVE",
               table.globalSecondaryIndexes.allSatisfy({ ($0.status ?? "ACTIVE") == "ACTIVE" }) {
                return table
            }
            try await timer.sleep(for: .seconds(1))
        }
        throw AWSProvisioningError(resource: "table \(name)", problem: "it did not become ACTIVE within 5 minutes")
    }

    private func ensureTimeToLive(_ table: String) async throws {
        let current = try await dynamo.describeTimeToLive(table: table)
        switch current?.status {
        case "ENABLED", "ENABLING":
            guard current?.attributeName == TableLayouts.ttlAttribute else {
                throw AWSProvisioningError(resource: "table \(table)", problem: "TTL is on '\(current?.attributeName ?? "?")', expected '\(TableLayouts.ttlAttribute)'")
            }
        default:
            try await dynamo.updateTimeToLive(table: table, attribute: TableLayouts.ttlAttribute)
        }
    }

    // MARK: - Queues

    /// Creates the queue; an existing one is kept (and given the redrive policy if it has none).
    private func ensureQueue(_ name: String, attributes: [String: String], requireRedrive: SQSRedrivePolicy? = nil) async throws -> (String, Bool) {
        if let url = try? await sqs.getQueueURL(name: name) {
            if let requireRedrive {
                let current = try await sqs.getQueueAttributes(queueURL: url, names: ["RedrivePolicy"])
                if current["RedrivePolicy"].flatMap(SQSRedrivePolicy.init(attribute:)) == nil {
                    try await sqs.setQueueAttributes(queueURL: url, attributes: ["RedrivePolicy": requireRedrive.attributeValue])
                }
            }
            return (url, false)
        }
        let url = try await sqs.createQueue(name: name, attributes: attributes)
        logger.info("created queue", metadata: ["queue": "\(name)"])
        return (url, true)
    }
}
