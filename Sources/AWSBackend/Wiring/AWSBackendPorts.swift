import AWSCore
import Foundation
import Logging
import RepliesCore

/// All AWS-backed ports, built from configuration: the storage ports, the queues, secrets and
/// the optional company directory. Model, sender and verifier come from their own modules.
///
/// ```swift
/// let aws = try AWSBackendPorts(environment: ProcessInfo.processInfo.environment, logger: logger)
/// let ports = aws.enginePorts(model: model, sender: sender, verifier: verifier)
/// let worker = TriggerWorker(source: aws.triggers, processor: BatchProcessor(ports: ports, settings: s, logger: logger), logger: logger)
/// ```
public struct AWSBackendPorts: Sendable {
    public let configuration: AWSBackendConfiguration
    public let dynamo: DynamoDBClient
    public let sqs: SQSClient
    public let secretsManager: SecretsManagerClient
    public let conversations: DynamoDBConversationStore
    public let stage: DynamoDBFragmentStage
    public let locks: DynamoDBTriggerLocks
    public let queue: SQSTriggerQueue
    public let triggers: SQSTriggerSource
    public let secrets: SecretsManagerSecretSource
    public let handoff: SQSHandoffNotifier
    public let companies: DynamoDBCompanyDirectory?

    /// Reads ``AWSBackendConfiguration`` from `environment`; throws ``AWSConfigurationError``
    /// naming the first missing or invalid key.
    public init(
        environment: [String: String], executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(),
        logger: Logger = Logger(label: "replies.aws")
    ) throws(AWSConfigurationError) {
        self.init(configuration: try AWSBackendConfiguration(environment: environment), executor: executor, logger: logger)
    }

    public init(
        configuration: AWSBackendConfiguration, executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(),
        logger: Logger = Logger(label: "replies.aws")
    ) {
        self.configuration = configuration
        dynamo = DynamoDBClient(configuration: configuration.client, executor: executor, logger: logger)
        sqs = SQSClient(configuration: configuration.client, executor: executor, logger: logger)
        secretsManager = SecretsManagerClient(configuration: configuration.client, executor: executor, cacheTTL: configuration.secretsCacheTTL, logger: logger)
        conversations = DynamoDBConversationStore(dynamo: dynamo, table: configuration.conversationsTable, logger: logger)
        stage = DynamoDBFragmentStage(dynamo: dynamo, table: configuration.stageTable, logger: logger)
        locks = DynamoDBTriggerLocks(dynamo: dynamo, table: configuration.lockTable)
        queue = SQSTriggerQueue(sqs: sqs, queueURLs: configuration.queueURLs)
        triggers = SQSTriggerSource(sqs: sqs, queueURLs: configuration.queueURLs)
        secrets = SecretsManagerSecretSource(client: secretsManager)
        handoff = SQSHandoffNotifier(sqs: sqs, queueURL: configuration.handoffQueueURL)
        let dynamo = self.dynamo
        companies = configuration.companyDataTable.map { DynamoDBCompanyDirectory(dynamo: dynamo, table: $0) }
    }

    /// The engine's port set on this backend plus the given adapters.
    public func enginePorts(
        model: any ReplyModel, sender: any MessageSender, verifier: any SignatureVerifier, clock: any WallClock = SystemClock()
    ) -> EnginePorts {
        EnginePorts(
            conversations: conversations, stage: stage, locks: locks, queue: queue, secrets: secrets, model: model,
            sender: sender, handoff: handoff, verifier: verifier, companies: companies, clock: clock)
    }
}
