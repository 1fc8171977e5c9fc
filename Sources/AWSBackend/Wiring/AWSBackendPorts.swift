package import AWSCore
import Foundation
package import Logging
package import RepliesCore

/// All AWS-backed ports, built from configuration: the storage ports, the queues, secrets and
/// the optional company directory. Model, sender and verifier come from their own modules.
///
/// ```swift
/// let aws = AWSBackendPorts(configuration: engineConfiguration.aws, logger: logger)
/// let ports = aws.enginePorts(model: model, sender: sender, verifier: verifier)
/// let worker = TriggerWorker(source: aws.triggers, processor: BatchProcessor(ports: ports, settings: s, logger: logger), logger: logger)
/// ```
package struct AWSBackendPorts: Sendable {
    package let configuration: AWSBackendConfiguration
    package let dynamo: DynamoDBClient
    package let sqs: SQSClient
    package let secretsManager: SecretsManagerClient
    package let conversations: DynamoDBConversationStore
    package let archive: DynamoDBTurnArchive
    package let stage: DynamoDBFragmentStage
    package let locks: DynamoDBTriggerLocks
    package let budgets: DynamoDBReplyBudgets
    package let queue: SQSTriggerQueue
    package let triggers: SQSTriggerSource
    package let secrets: SecretsManagerSecretSource
    package let handoff: SQSHandoffNotifier
    package let companies: DynamoDBCompanyDirectory?
    /// The operator API's stores, when `OPERATOR_TABLE` is set.
    package let operatorTokens: DynamoDBOperatorTokens?
    package let operatorSends: DynamoDBOperatorSends?
    package let operatorInbox: DynamoDBOperatorInbox?

    package init(
        configuration: AWSBackendConfiguration, executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(),
        logger: Logger = Logger(label: "replies.aws")
    ) {
        self.configuration = configuration
        dynamo = DynamoDBClient(configuration: configuration.client, executor: executor, logger: logger)
        sqs = SQSClient(configuration: configuration.client, executor: executor, logger: logger)
        secretsManager = SecretsManagerClient(configuration: configuration.client, executor: executor, cacheTTL: configuration.secretsCacheTTL, logger: logger)
        conversations = DynamoDBConversationStore(dynamo: dynamo, table: configuration.conversationsTable, logger: logger)
        archive = DynamoDBTurnArchive(dynamo: dynamo, table: configuration.historyTable, logger: logger)
        stage = DynamoDBFragmentStage(dynamo: dynamo, table: configuration.stageTable, logger: logger)
        locks = DynamoDBTriggerLocks(dynamo: dynamo, table: configuration.lockTable)
        budgets = DynamoDBReplyBudgets(dynamo: dynamo, table: configuration.lockTable)
        queue = SQSTriggerQueue(sqs: sqs, queueURLs: configuration.queueURLs)
        triggers = SQSTriggerSource(sqs: sqs, queueURLs: configuration.queueURLs, deadLetterQueueURLs: configuration.deadLetterQueueURLs)
        secrets = SecretsManagerSecretSource(client: secretsManager)
        handoff = SQSHandoffNotifier(sqs: sqs, queueURL: configuration.handoffQueueURL)
        let dynamo = self.dynamo
        companies = configuration.companyDataTable.map { DynamoDBCompanyDirectory(dynamo: dynamo, table: $0) }
        operatorTokens = configuration.operatorTable.map { DynamoDBOperatorTokens(dynamo: dynamo, table: $0) }
        operatorSends = configuration.operatorTable.map { DynamoDBOperatorSends(dynamo: dynamo, table: $0) }
        operatorInbox = configuration.operatorTable.map { DynamoDBOperatorInbox(dynamo: dynamo, table: $0) }
    }

    /// The engine's port set on this backend plus the given adapters.
    package func enginePorts(
        model: any ReplyModel, sender: any MessageSender, verifier: any SignatureVerifier, clock: any WallClock = SystemClock()
    ) -> EnginePorts {
        EnginePorts(
            conversations: conversations, archive: archive, stage: stage, locks: locks, queue: queue, secrets: secrets, model: model,
            sender: sender, handoff: handoff, verifier: verifier, budgets: budgets, companies: companies, clock: clock, inbox: operatorInbox)
    }
}
