package import AWSCore
package import RepliesCore

/// Everything the AWS backend needs: client settings, table names, queue URLs. Built and
/// validated from the engine's configuration keys by RepliesConfiguration.
///
/// ```swift
/// let configuration = try AWSBackendConfiguration(ConfigurationValues(environment: environment))
/// ```
package struct AWSBackendConfiguration: Sendable {
    package var client: AWSClientConfiguration
    package var conversationsTable: String
    package var stageTable: String
    package var lockTable: String
    /// `HISTORY_TABLE`: turns moved out of the records' `messages`.
    package var historyTable: String
    package var companyDataTable: String?
    /// `OPERATOR_TABLE`: the operator API's tokens, sends and inbox; nil turns the API off.
    package var operatorTable: String?
    package var queueURLs: [Channel: String]
    /// `WHATSAPP_DLQ_URL`, `SMS_DLQ_URL`: where the worker dead-letters a channel's triggers. A
    /// channel without one finds it from its queue's RedrivePolicy (which needs
    /// `sqs:GetQueueAttributes`, never `sqs:GetQueueUrl`).
    package var deadLetterQueueURLs: [Channel: String]
    package var handoffQueueURL: String
    package var secretsCacheTTL: Duration

    package init(
        client: AWSClientConfiguration, conversationsTable: String, stageTable: String, lockTable: String, historyTable: String,
        companyDataTable: String? = nil, operatorTable: String? = nil, queueURLs: [Channel: String], deadLetterQueueURLs: [Channel: String] = [:], handoffQueueURL: String,
        secretsCacheTTL: Duration = .seconds(300)
    ) {
        self.client = client
        self.conversationsTable = conversationsTable
        self.stageTable = stageTable
        self.lockTable = lockTable
        self.historyTable = historyTable
        self.companyDataTable = companyDataTable
        self.operatorTable = operatorTable
        self.queueURLs = queueURLs
        self.deadLetterQueueURLs = deadLetterQueueURLs
        self.handoffQueueURL = handoffQueueURL
        self.secretsCacheTTL = secretsCacheTTL
    }

    /// The configuration key of a channel's trigger queue (`WHATSAPP_QUEUE_URL`, `SMS_QUEUE_URL`),
    /// named in errors; RepliesConfiguration declares the same keys.
    package static func queueKey(_ channel: Channel) -> String { "\(channel.rawValue.uppercased())_QUEUE_URL" }

    /// The configuration key of a channel's dead-letter queue (`WHATSAPP_DLQ_URL`, `SMS_DLQ_URL`).
    package static func deadLetterQueueKey(_ channel: Channel) -> String { "\(channel.rawValue.uppercased())_DLQ_URL" }
}
