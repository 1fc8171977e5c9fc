package import AWSCore
import Foundation
package import RepliesCore

/// Everything the AWS backend needs, read from an environment dictionary; a missing or invalid
/// key fails at start with an error naming it.
///
/// Required: the AWS keys of ``AWSClientConfiguration``, `CONVERSATIONS_TABLE`, `STAGE_TABLE`,
/// `LOCK_TABLE`, `HISTORY_TABLE`, `WHATSAPP_QUEUE_URL`, `HANDOFF_QUEUE_URL`. Optional: `SMS_QUEUE_URL` (SMS
/// triggers are refused without it), `COMPANY_DATA_TABLE` (live project status), and
/// `SECRETS_CACHE_SECONDS` (default 300).
///
/// ```swift
/// let configuration = try AWSBackendConfiguration(environment: ProcessInfo.processInfo.environment)
/// ```
package struct AWSBackendConfiguration: Sendable {
    package var client: AWSClientConfiguration
    package var conversationsTable: String
    package var stageTable: String
    package var lockTable: String
    /// `HISTORY_TABLE`: turns moved out of the records' `messages`.
    package var historyTable: String
    package var companyDataTable: String?
    package var queueURLs: [Channel: String]
    package var handoffQueueURL: String
    package var secretsCacheTTL: Duration

    package init(
        client: AWSClientConfiguration, conversationsTable: String, stageTable: String, lockTable: String, historyTable: String,
        companyDataTable: String? = nil, queueURLs: [Channel: String], handoffQueueURL: String,
        secretsCacheTTL: Duration = .seconds(300)
    ) {
        self.client = client
        self.conversationsTable = conversationsTable
        self.stageTable = stageTable
        self.lockTable = lockTable
        self.historyTable = historyTable
        self.companyDataTable = companyDataTable
        self.queueURLs = queueURLs
        self.handoffQueueURL = handoffQueueURL
        self.secretsCacheTTL = secretsCacheTTL
    }

    package init(environment: [String: String]) throws(AWSConfigurationError) {
        let client = try AWSClientConfiguration(environment: environment)
        var queues: [Channel: String] = [:]
        queues[.whatsapp] = try Self.queueURL(environment, Self.queueKey(.whatsapp), required: true)
        queues[.sms] = try Self.queueURL(environment, Self.queueKey(.sms), required: false)
        guard let handoff = try Self.queueURL(environment, "HANDOFF_QUEUE_URL", required: true) else {
            throw .missing(key: "HANDOFF_QUEUE_URL", hint: "set the handoff queue's URL")
        }
        var ttl = Duration.seconds(300)
        if let text = Self.value(environment, "SECRETS_CACHE_SECONDS") {
            guard let seconds = Int(text), seconds >= 0 else {
                throw .invalid(key: "SECRETS_CACHE_SECONDS", reason: "'\(text)' is not a whole number of seconds")
            }
            ttl = .seconds(seconds)
        }
        self.init(
            client: client,
            conversationsTable: try Self.tableName(environment, "CONVERSATIONS_TABLE"),
            stageTable: try Self.tableName(environment, "STAGE_TABLE"),
            lockTable: try Self.tableName(environment, "LOCK_TABLE"),
            historyTable: try Self.tableName(environment, "HISTORY_TABLE"),
            companyDataTable: Self.value(environment, "COMPANY_DATA_TABLE") == nil ? nil : try Self.tableName(environment, "COMPANY_DATA_TABLE"),
            queueURLs: queues, handoffQueueURL: handoff, secretsCacheTTL: ttl)
    }

    /// `WHATSAPP_QUEUE_URL`, `SMS_QUEUE_URL`.
    package static func queueKey(_ channel: Channel) -> String { "\(channel.rawValue.uppercased())_QUEUE_URL" }

    static func value(_ environment: [String: String], _ key: String) -> String? {
        guard let text = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// DynamoDB table names: 3–255 of `a-z A-Z 0-9 _ - .`.
    static func tableName(_ environment: [String: String], _ key: String) throws(AWSConfigurationError) -> String {
        guard let name = value(environment, key) else { throw .missing(key: key, hint: "set the DynamoDB table name") }
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)) }
        guard (3...255).contains(name.count), allowed else {
            throw .invalid(key: key, reason: "'\(name)' is not a DynamoDB table name (3-255 of a-z, A-Z, 0-9, _ - .)")
        }
        return name
    }

    static func queueURL(_ environment: [String: String], _ key: String, required: Bool) throws(AWSConfigurationError) -> String? {
        guard let text = value(environment, key) else {
            if required { throw .missing(key: key, hint: "set the queue URL (the setup command prints it)") }
            return nil
        }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
              url.host != nil, url.path.split(separator: "/").count >= 1
        else { throw .invalid(key: key, reason: "'\(text)' is not an SQS queue URL such as https://sqs.eu-north-1.amazonaws.com/123456789012/name") }
        return text
    }
}
