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
    package var companyDataTable: String?
    package var queueURLs: [Channel: String]
    package var handoffQueueURL: String
    package var secretsCacheTTL: Duration

    package init(
        client: AWSClientConfiguration, conversationsTable: String, stageTable: String, lockTable: String,
        companyDataTable: String? = nil, queueURLs: [Channel: String], handoffQueueURL: String,
        secretsCacheTTL: Duration = .seconds(300)
    ) {
        self.client = client
        self.conversationsTable = conversationsTable
        self.stageTable = stageTable
        self.lockTable = lockTable
        self.companyDataTable = companyDataTable
        self.queueURLs = queueURLs
        self.handoffQueueURL = handoffQueueURL
        self.secretsCacheTTL = secretsCacheTTL
    }

    /// The configuration key of a channel's trigger queue (`WHATSAPP_QUEUE_URL`, `SMS_QUEUE_URL`),
    /// named in errors; RepliesConfiguration declares the same keys.
    package static func queueKey(_ channel: Channel) -> String { "\(channel.rawValue.uppercased())_QUEUE_URL" }
}
