import AWSCore
package import RepliesCore

/// Names and sizes of the resources the setup command creates (RepliesConfiguration fills it
/// from the engine's own keys), with development defaults.
///
/// ```swift
/// let plan = AWSProvisioningPlan(stageTable: "replies-stage-dev")
/// ```
package struct AWSProvisioningPlan: Sendable, Hashable {
    package var conversationsTable: String
    /// False on accounts where the template sender's stack owns the table: it is then only checked.
    package var createConversationsTable: Bool
    package var stageTable: String
    package var lockTable: String
    /// Turns moved out of the records (`HISTORY_TABLE`).
    package var historyTable: String
    /// The operator API's table (`OPERATOR_TABLE`).
    package var operatorTable: String
    package var companyDataTable: String?
    package var channelQueues: [Channel: String]
    package var handoffQueue: String
    /// Longest a worker holds a trigger; queue visibility is 6 × this (AWS's advice for Lambda).
    package var workerTimeoutSeconds: Int
    /// Deliveries before SQS moves a trigger to the channel's dead-letter queue.
    package var maxReceiveCount: Int

    package init(
        conversationsTable: String = "replies-conversations", createConversationsTable: Bool = true,
        stageTable: String = "replies-stage", lockTable: String = "replies-trigger-locks", historyTable: String = "replies-history",
        operatorTable: String = "replies-operator", companyDataTable: String? = nil,
        channelQueues: [Channel: String] = [.whatsapp: "replies-whatsapp-queue", .sms: "replies-sms-queue", .email: "replies-email-queue"],
        handoffQueue: String = "replies-handoff-queue", workerTimeoutSeconds: Int = 150, maxReceiveCount: Int = 5
    ) {
        self.conversationsTable = conversationsTable
        self.createConversationsTable = createConversationsTable
        self.stageTable = stageTable
        self.lockTable = lockTable
        self.historyTable = historyTable
        self.operatorTable = operatorTable
        self.companyDataTable = companyDataTable
        self.channelQueues = channelQueues
        self.handoffQueue = handoffQueue
        self.workerTimeoutSeconds = workerTimeoutSeconds
        self.maxReceiveCount = maxReceiveCount
    }

    /// Queue visibility timeout: 6 × the worker timeout, within SQS's 12 h.
    package var visibilityTimeoutSeconds: Int { min(SQSClient.maxVisibilitySeconds, workerTimeoutSeconds * 6) }
}

/// What the setup command did, and the environment lines that point the engine at it.
package struct AWSProvisioningReport: Sendable {
    package struct Resource: Sendable, Hashable {
        package var kind: String
        package var name: String
        package var created: Bool
    }

    package var resources: [Resource] = []
    package var queueURLs: [Channel: String] = [:]
    package var deadLetterQueueURLs: [Channel: String] = [:]
    package var handoffQueueURL = ""
    package var plan: AWSProvisioningPlan

    /// `KEY=value` lines for the engine's configuration.
    package var environmentLines: [String] {
        var lines = [
            "CONVERSATIONS_TABLE=\(plan.conversationsTable)",
            "STAGE_TABLE=\(plan.stageTable)",
            "LOCK_TABLE=\(plan.lockTable)",
            "HISTORY_TABLE=\(plan.historyTable)",
            "OPERATOR_TABLE=\(plan.operatorTable)",
        ]
        if let company = plan.companyDataTable { lines.append("COMPANY_DATA_TABLE=\(company)") }
        for channel in Channel.allCases {
            if let url = queueURLs[channel] { lines.append("\(AWSBackendConfiguration.queueKey(channel))=\(url)") }
            if let url = deadLetterQueueURLs[channel] { lines.append("\(AWSBackendConfiguration.deadLetterQueueKey(channel))=\(url)") }
        }
        lines.append("HANDOFF_QUEUE_URL=\(handoffQueueURL)")
        return lines
    }
}

/// The existing resource cannot serve the engine; the message says what differs.
package struct AWSProvisioningError: Error, CustomStringConvertible {
    package var resource: String
    package var problem: String

    package var description: String { "\(resource) exists but cannot be used: \(problem). Fix or remove it, then run setup again." }
}
