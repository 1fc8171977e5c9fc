import AWSBackend
import AWSCore
import RepliesConfiguration
import RepliesCore
import Testing

@Suite("AWS backend configuration")
struct AWSConfigurationTests {
    let base = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "fake-secret", "AWS_REGION": "eu-north-1"]
    var complete: [String: String] {
        base.merging([
            "CONVERSATIONS_TABLE": "ai-multi-comms-conversations-dev", "STAGE_TABLE": "replies-stage", "LOCK_TABLE": "replies-locks",
            "WHATSAPP_QUEUE_URL": "https://sqs.eu-north-1.amazonaws.com/123456789012/replies-whatsapp-queue",
            "HANDOFF_QUEUE_URL": "https://sqs.eu-north-1.amazonaws.com/123456789012/replies-handoff-queue",
        ]) { $1 }
    }

    @Test("standard endpoints per service and region")
    func standardEndpoints() throws {
        let configuration = try AWSClientConfiguration(environment: base)
        #expect(configuration.endpoint(for: .dynamoDB).url == "https://dynamodb.eu-north-1.amazonaws.com/")
        #expect(configuration.endpoint(for: .secretsManager).url == "https://secretsmanager.eu-north-1.amazonaws.com/")
        #expect(configuration.credentials.sessionToken == nil)
    }

    @Test("service-specific override beats AWS_ENDPOINT_URL")
    func overrides() throws {
        var environment = base
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000"
        environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "http://localhost:6000/"
        environment["AWS_SESSION_TOKEN"] = "token"
        let configuration = try AWSClientConfiguration(environment: environment)
        #expect(configuration.endpoint(for: .dynamoDB).url == "http://127.0.0.1:5000/")
        #expect(configuration.endpoint(for: .sqs).hostHeader == "127.0.0.1:5000")
        #expect(configuration.endpoint(for: .secretsManager).hostHeader == "localhost:6000")
        #expect(configuration.credentials.sessionToken == "token")
    }

    @Test("AWS_DEFAULT_REGION is the fallback")
    func defaultRegion() throws {
        var environment = base
        environment["AWS_REGION"] = nil
        environment["AWS_DEFAULT_REGION"] = "us-west-2"
        #expect(try AWSClientConfiguration(environment: environment).region == "us-west-2")
    }

    @Test("a complete environment builds every port")
    func builds() throws {
        var environment = complete
        environment["SMS_QUEUE_URL"] = "https://sqs.eu-north-1.amazonaws.com/123456789012/replies-sms-queue"
        environment["COMPANY_DATA_TABLE"] = "ai-multi-comms-company-data-dev"
        environment["SECRETS_CACHE_SECONDS"] = "60"
        let ports = try AWSBackendPorts(environment: environment)
        #expect(ports.conversations.table == "ai-multi-comms-conversations-dev")
        #expect(ports.stage.table == "replies-stage" && ports.locks.table == "replies-locks")
        #expect(ports.queue.queueURLs.count == 2)
        #expect(ports.companies?.table == "ai-multi-comms-company-data-dev")
        #expect(ports.configuration.secretsCacheTTL == .seconds(60))
        #expect(try AWSBackendPorts(environment: complete).companies == nil)
        #expect(try EngineConfiguration(environment: complete.merging(["REPLIES_BACKEND": "aws"]) { $1 }).aws?.stageTable == "replies-stage")
    }

    @Test("a missing or invalid key fails at start, naming the key", arguments: [
        ("CONVERSATIONS_TABLE", nil as String?), ("STAGE_TABLE", nil), ("LOCK_TABLE", "x"), ("WHATSAPP_QUEUE_URL", nil),
        ("WHATSAPP_QUEUE_URL", "replies-whatsapp-queue"), ("HANDOFF_QUEUE_URL", nil), ("SMS_QUEUE_URL", "ftp://queue/x"),
        ("COMPANY_DATA_TABLE", "bad name!"), ("SECRETS_CACHE_SECONDS", "soon"), ("AWS_REGION", nil), ("AWS_REGION", "eu north"),
        ("AWS_SECRET_ACCESS_KEY", ""), ("AWS_ACCESS_KEY_ID", nil), ("AWS_ENDPOINT_URL", "ftp://x"),
        ("AWS_ENDPOINT_URL_DYNAMODB", "not a url"), ("AWS_ENDPOINT_URL_SQS", "http://h:1/?q=1"),
    ])
    func failures(key: String, value: String?) {
        var environment = complete
        environment[key] = value
        #expect {
            try AWSBackendPorts(environment: environment)
        } throws: { error in
            (error as? ConfigurationError)?.key == key && "\(error)".contains(key)
        }
    }

    @Test("the provisioning plan reads the same keys")
    func plan() throws {
        let plan = try AWSProvisioningPlan(environment: complete.merging(["REPLY_WORKER_TIMEOUT_SECONDS": "60"]) { $1 })
        #expect(plan.conversationsTable == "ai-multi-comms-conversations-dev")
        #expect(plan.channelQueues[.whatsapp] == "replies-whatsapp-queue")
        #expect(plan.channelQueues[.sms] == "replies-sms-queue")
        #expect(plan.handoffQueue == "replies-handoff-queue")
        #expect(plan.visibilityTimeoutSeconds == 360)
        #expect(try AWSProvisioningPlan(environment: [:]) == AWSProvisioningPlan())
        #expect(try AWSProvisioningPlan(environment: ["SETUP_CONVERSATIONS_TABLE": "false"]).createConversationsTable == false)
    }

    @Test("the queue keys the AWS adapters name in errors are declared keys")
    func queueKeys() {
        for channel in [Channel.whatsapp, .sms] {
            #expect(ConfigurationCatalog.key(named: AWSBackendConfiguration.queueKey(channel)) != nil)
        }
    }
}
