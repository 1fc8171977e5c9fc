import AWSBackend
import AWSCore
import RepliesCore
import Testing

@Suite("Building the backend from the environment")
struct BackendConfigurationTests {
    let complete = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "fake-secret", "AWS_REGION": "eu-north-1",
        "CONVERSATIONS_TABLE": "ai-multi-comms-conversations-dev", "STAGE_TABLE": "replies-stage", "LOCK_TABLE": "replies-locks",
        "HISTORY_TABLE": "replies-history",
        "WHATSAPP_QUEUE_URL": "https://sqs.eu-north-1.amazonaws.com/123456789012/replies-whatsapp-queue",
        "HANDOFF_QUEUE_URL": "https://sqs.eu-north-1.amazonaws.com/123456789012/replies-handoff-queue",
    ]

    @Test("a complete environment builds every port")
    func builds() throws {
        var environment = complete
        environment["SMS_QUEUE_URL"] = "https://sqs.eu-north-1.amazonaws.com/123456789012/replies-sms-queue"
        environment["COMPANY_DATA_TABLE"] = "ai-multi-comms-company-data-dev"
        environment["SECRETS_CACHE_SECONDS"] = "60"
        let ports = try AWSBackendPorts(environment: environment)
        #expect(ports.conversations.table == "ai-multi-comms-conversations-dev")
        #expect(ports.stage.table == "replies-stage" && ports.locks.table == "replies-locks")
        #expect(ports.archive.table == "replies-history")
        #expect(ports.queue.queueURLs.count == 2)
        #expect(ports.companies?.table == "ai-multi-comms-company-data-dev")
        #expect(ports.configuration.secretsCacheTTL == .seconds(60))
        #expect(try AWSBackendPorts(environment: complete).companies == nil)
    }

    @Test("a missing or invalid key fails at start, naming the key", arguments: [
        ("CONVERSATIONS_TABLE", nil as String?), ("STAGE_TABLE", nil), ("LOCK_TABLE", "x"), ("HISTORY_TABLE", nil), ("WHATSAPP_QUEUE_URL", nil),
        ("WHATSAPP_QUEUE_URL", "replies-whatsapp-queue"), ("HANDOFF_QUEUE_URL", nil), ("SMS_QUEUE_URL", "ftp://queue/x"),
        ("COMPANY_DATA_TABLE", "bad name!"), ("SECRETS_CACHE_SECONDS", "soon"), ("AWS_REGION", nil), ("AWS_SECRET_ACCESS_KEY", ""),
    ])
    func failures(key: String, value: String?) {
        var environment = complete
        environment[key] = value
        #expect {
            try AWSBackendPorts(environment: environment)
        } throws: { error in
            (error as? AWSConfigurationError)?.key == key && "\(error)".contains(key)
        }
    }

    @Test("the provisioning plan reads the same keys")
    func plan() {
        let plan = AWSProvisioningPlan(environment: complete.merging(["REPLY_WORKER_TIMEOUT_SECONDS": "60"]) { $1 })
        #expect(plan.conversationsTable == "ai-multi-comms-conversations-dev")
        #expect(plan.channelQueues[.whatsapp] == "replies-whatsapp-queue")
        #expect(plan.channelQueues[.sms] == "replies-sms-queue")
        #expect(plan.handoffQueue == "replies-handoff-queue")
        #expect(plan.visibilityTimeoutSeconds == 360)
        #expect(AWSProvisioningPlan(environment: [:]) == AWSProvisioningPlan())
    }

    @Test("AWS errors carry the core's retry classification")
    func classification() {
        let throttled = AWSError(kind: .service(statusCode: 400), service: "DynamoDB", operation: "PutItem", code: "ThrottlingException", message: "")
        let denied = AWSError(kind: .service(statusCode: 400), service: "DynamoDB", operation: "PutItem", code: "SignatureDoesNotMatch", message: "")
        #expect(RetryDisposition.of(throttled) == .transient(retryAfter: nil))
        #expect(RetryDisposition.of(denied) == .permanent)
        #expect(RetryDisposition.of(DynamoDBError.unprocessedItems(table: "t", remaining: 1, rounds: 8)) == .transient(retryAfter: nil))
        #expect(RetryDisposition.of(AWSBackendError.noDeadLetterQueue(queueURL: "u")) == .permanent)
    }
}
