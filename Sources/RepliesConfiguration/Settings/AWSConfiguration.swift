package import AWSBackend
package import AWSCore
import Foundation
package import Logging
import RepliesCore

// The AWS adapters take plain values; these build them from the configuration (AWSKeys).

extension AWSClientConfiguration {
    /// Credentials, region and endpoint overrides. Endpoint precedence per service, as the SDKs:
    /// `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the public endpoint.
    package init(_ values: ConfigurationValues) throws(ConfigurationError) {
        let keys = AWSKeys()
        try values.validate([AWSKeys.self])
        let credentials = AWSCredentials(
            accessKeyId: try values.value(keys.accessKeyId, hint: "set the access key id (on Lambda the runtime sets it)"),
            secretAccessKey: try values.value(
                keys.secretAccessKey, hint: "set the secret access key that belongs to AWS_ACCESS_KEY_ID"),
            sessionToken: try values.optional(keys.sessionToken))
        let fallbackRegion = try values.optional(keys.defaultRegion)
        guard let region = try values.optional(keys.region) ?? fallbackRegion else {
            throw .missing(key: keys.region.name, hint: "set the region, for example eu-north-1 (AWS_DEFAULT_REGION is read too)")
        }
        let shared = try values.optional(keys.endpoint).map { text throws(ConfigurationError) in try Self.endpoint(text, keys.endpoint) }
        var overrides: [String: AWSEndpoint] = [:]
        let services: [(AWSService, ConfigKey<String>)] = [
            (.dynamoDB, keys.dynamoDBEndpoint), (.sqs, keys.sqsEndpoint), (.secretsManager, keys.secretsManagerEndpoint),
        ]
        for (service, key) in services {
            if let text = try values.optional(key) {
                overrides[service.signingName] = try Self.endpoint(text, key)
            } else if let shared {
                overrides[service.signingName] = shared
            }
        }
        // Every call reads the engine's invocation deadline (set around a Lambda batch or webhook).
        self.init(
            credentials: credentials, region: region, endpointOverrides: overrides,
            attemptTimeout: try values.value(keys.attemptTimeout), maxAttempts: try values.optional(keys.maxAttempts),
            deadline: { InvocationDeadline.current })
    }

    /// Environment only (tests).
    package init(environment: [String: String]) throws(ConfigurationError) {
        try self.init(ConfigurationValues(environment: environment))
    }

    private static func endpoint(_ text: String, _ key: ConfigKey<String>) throws(ConfigurationError) -> AWSEndpoint {
        do {
            return try AWSEndpoint(url: text, key: key.name)
        } catch {
            throw .invalid(key: key.name, value: text, expected: key.expected)
        }
    }
}

extension AWSBackendConfiguration {
    /// Everything the AWS backend needs; the tables, the WhatsApp and handoff queues are required.
    package init(_ values: ConfigurationValues) throws(ConfigurationError) {
        let keys = AWSKeys()
        let client = try AWSClientConfiguration(values)
        let table = "set the DynamoDB table name"
        let queue = "set the queue URL (setup-aws prints it)"
        var queues: [Channel: String] = [.whatsapp: try values.value(keys.whatsappQueueURL, hint: queue)]
        queues[.sms] = try values.optional(keys.smsQueueURL)
        queues[.email] = try values.optional(keys.emailQueueURL)
        var deadLetterQueues: [Channel: String] = [:]
        deadLetterQueues[.whatsapp] = try values.optional(keys.whatsappDeadLetterQueueURL)
        deadLetterQueues[.sms] = try values.optional(keys.smsDeadLetterQueueURL)
        deadLetterQueues[.email] = try values.optional(keys.emailDeadLetterQueueURL)
        self.init(
            client: client,
            conversationsTable: try values.value(keys.conversationsTable, hint: table),
            stageTable: try values.value(keys.stageTable, hint: table),
            lockTable: try values.value(keys.lockTable, hint: table),
            historyTable: try values.value(keys.historyTable, hint: table),
            companyDataTable: try values.optional(keys.companyDataTable),
            operatorTable: try values.optional(keys.operatorTable),
            queueURLs: queues,
            deadLetterQueueURLs: deadLetterQueues,
            handoffQueueURL: try values.value(keys.handoffQueueURL, hint: "set the handoff queue's URL"),
            secretsCacheTTL: .seconds(try values.value(keys.secretsCacheSeconds)))
    }

    /// Environment only (tests).
    package init(environment: [String: String]) throws(ConfigurationError) {
        try self.init(ConfigurationValues(environment: environment))
    }
}

extension AWSBackendPorts {
    /// All AWS ports from the environment (tests).
    package init(
        environment: [String: String], executor: any AWSHTTPExecutor = AsyncHTTPClientExecutor(),
        logger: Logger = Logger(label: "replies.aws")
    ) throws(ConfigurationError) {
        self.init(configuration: try AWSBackendConfiguration(environment: environment), executor: executor, logger: logger)
    }
}

extension AWSProvisioningPlan {
    /// Names from the engine's own keys (queue names are the last path segment of the queue
    /// URLs), development defaults for the rest.
    package init(_ values: ConfigurationValues) throws(ConfigurationError) {
        let aws = AWSKeys(), setup = SetupKeys()
        try values.validate([AWSKeys.self, SetupKeys.self])
        let defaults = AWSProvisioningPlan()
        func queueName(_ key: ConfigKey<String>) throws(ConfigurationError) -> String? {
            try values.optional(key).flatMap { URL(string: $0)?.lastPathComponent }.flatMap { $0.isEmpty || $0 == "/" ? nil : $0 }
        }
        self.init(
            conversationsTable: try values.optional(aws.conversationsTable) ?? defaults.conversationsTable,
            createConversationsTable: try values.value(setup.createConversationsTable),
            stageTable: try values.optional(aws.stageTable) ?? defaults.stageTable,
            lockTable: try values.optional(aws.lockTable) ?? defaults.lockTable,
            historyTable: try values.optional(aws.historyTable) ?? defaults.historyTable,
            operatorTable: try values.optional(aws.operatorTable) ?? defaults.operatorTable,
            companyDataTable: try values.optional(aws.companyDataTable),
            channelQueues: [
                .whatsapp: try queueName(aws.whatsappQueueURL) ?? defaults.channelQueues[.whatsapp] ?? "replies-whatsapp-queue",
                .sms: try queueName(aws.smsQueueURL) ?? defaults.channelQueues[.sms] ?? "replies-sms-queue",
                .email: try queueName(aws.emailQueueURL) ?? defaults.channelQueues[.email] ?? "replies-email-queue",
            ],
            handoffQueue: try queueName(aws.handoffQueueURL) ?? defaults.handoffQueue,
            workerTimeoutSeconds: try values.value(setup.workerTimeout))
    }

    /// Environment only (tests).
    package init(environment: [String: String]) throws(ConfigurationError) {
        try self.init(ConfigurationValues(environment: environment))
    }
}
