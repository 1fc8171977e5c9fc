import Foundation

/// The AWS backend: credentials, region, endpoints (moto in tests), tables and queues.
package struct AWSKeys: ConfigKeyGroup {
    package static let title = "AWS backend"
    package static let summary = "Read when `REPLIES_BACKEND=aws` and on Lambda (where the runtime sets the credentials and region). See docs/AWS.md."

    package let region: ConfigKey<String> = .text(
        "AWS_REGION", expected: "a region name such as eu-north-1", "the region (required)", valid: AWSKeys.isRegion)
    package let defaultRegion: ConfigKey<String> = .text(
        "AWS_DEFAULT_REGION", expected: "a region name such as eu-north-1", "read when AWS_REGION is not set", valid: AWSKeys.isRegion)
    package let accessKeyId: ConfigKey<String> = .text("AWS_ACCESS_KEY_ID", "access key id (required)")
    package let secretAccessKey: ConfigKey<String> = .text(
        "AWS_SECRET_ACCESS_KEY", secret: true, "the secret access key of AWS_ACCESS_KEY_ID (required)")
    package let sessionToken: ConfigKey<String> = .text("AWS_SESSION_TOKEN", secret: true, "session token of temporary credentials")
    package let endpoint: ConfigKey<String> = .endpoint(
        "AWS_ENDPOINT_URL", "one endpoint for every service (moto: `http://127.0.0.1:PORT`)")
    package let dynamoDBEndpoint: ConfigKey<String> = .endpoint("AWS_ENDPOINT_URL_DYNAMODB", "DynamoDB's endpoint (beats AWS_ENDPOINT_URL)")
    package let sqsEndpoint: ConfigKey<String> = .endpoint("AWS_ENDPOINT_URL_SQS", "SQS's endpoint (beats AWS_ENDPOINT_URL)")
    package let secretsManagerEndpoint: ConfigKey<String> = .endpoint(
        "AWS_ENDPOINT_URL_SECRETS_MANAGER", "Secrets Manager's endpoint (beats AWS_ENDPOINT_URL)")
    package let conversationsTable: ConfigKey<String> = .tableName(
        "CONVERSATIONS_TABLE", "the ConversationsTable shared with the template sender (required)")
    package let stageTable: ConfigKey<String> = .tableName("STAGE_TABLE", "staged inbound messages (required)")
    package let lockTable: ConfigKey<String> = .tableName("LOCK_TABLE", "trigger locks (required)")
    package let historyTable: ConfigKey<String> = .tableName(
        "HISTORY_TABLE", "turns moved out of the records' `messages` (required)")
    package let operatorTable: ConfigKey<String> = .tableName(
        "OPERATOR_TABLE", "the operator API's table (tokens, sends, inbox); without it the operator API is off on AWS")
    package let companyDataTable: ConfigKey<String> = .tableName(
        "COMPANY_DATA_TABLE", "optional: the company table, for the live project status")
    package let whatsappQueueURL: ConfigKey<String> = .queueURL("WHATSAPP_QUEUE_URL", "WhatsApp trigger queue (required)")
    package let smsQueueURL: ConfigKey<String> = .queueURL("SMS_QUEUE_URL", "SMS trigger queue (SMS is refused without it)")
    package let emailQueueURL: ConfigKey<String> = .queueURL("EMAIL_QUEUE_URL", "e-mail trigger queue (e-mail is refused without it)")
    package let whatsappDeadLetterQueueURL: ConfigKey<String> = .queueURL(
        "WHATSAPP_DLQ_URL", "WhatsApp dead-letter queue (default: from the trigger queue's RedrivePolicy)")
    package let smsDeadLetterQueueURL: ConfigKey<String> = .queueURL(
        "SMS_DLQ_URL", "SMS dead-letter queue (default: from the trigger queue's RedrivePolicy)")
    package let emailDeadLetterQueueURL: ConfigKey<String> = .queueURL(
        "EMAIL_DLQ_URL", "e-mail dead-letter queue (default: from the trigger queue's RedrivePolicy)")
    package let handoffQueueURL: ConfigKey<String> = .queueURL("HANDOFF_QUEUE_URL", "queue of handoff notices (required)")
    package let attemptTimeout: ConfigKey<Duration> = .seconds(
        "AWS_ATTEMPT_TIMEOUT_SECONDS", default: 30, in: 0.1...300,
        "time allowed for one AWS HTTP attempt; on Lambda, attempts × this must fit the webhook's budget (checked at start)")
    package let maxAttempts: ConfigKey<Int> = ConfigKey<Int>.integer(
        "AWS_MAX_ATTEMPTS", default: nil, in: 1...10, "attempts per AWS call, the first included"
    ).documentingDefault("`6` for DynamoDB, `4` for SQS and Secrets Manager")
    package let secretsCacheSeconds: ConfigKey<Int> = .integer(
        "SECRETS_CACHE_SECONDS", default: 300, in: 0...86_400, "how long a secret read from Secrets Manager is reused")

    package init() {}

    static func isRegion(_ text: String) -> Bool {
        text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

extension ConfigKey where Value == String {
    /// A DynamoDB table name: 3–255 of `a-z A-Z 0-9 _ - .`.
    static func tableName(_ name: String, _ meaning: String) -> ConfigKey {
        .text(name, expected: "a DynamoDB table name (3-255 of a-z, A-Z, 0-9, _ - .)", meaning) { text in
            (3...255).contains(text.count)
                && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)) }
        }
    }

    /// An SQS queue URL: http(s), a host and a path naming the queue.
    static func queueURL(_ name: String, _ meaning: String) -> ConfigKey {
        .text(name, expected: "an SQS queue URL such as https://sqs.eu-north-1.amazonaws.com/123456789012/name", meaning) { text in
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  url.host != nil
            else { return false }
            return !url.path.split(separator: "/").isEmpty
        }
    }

    /// A service endpoint: http(s) with a host, no query or fragment.
    static func endpoint(_ name: String, _ meaning: String) -> ConfigKey {
        .text(name, expected: "an http(s) URL without query such as http://127.0.0.1:5000", meaning) { text in
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  let host = url.host, !host.isEmpty
            else { return false }
            return url.query == nil && url.fragment == nil
        }
    }
}
