import Foundation
import Testing

/// An IAM user on moto whose only policy is one role's statements from `template.yaml`, made by
/// `scripts/aws/role_user.py` with the suite's allow-all key: a function run with its key is
/// refused every AWS call its role in the template does not grant.
///
/// ```swift
/// let webhook = try RoleUser.make(role: "WebhookRole", stack: environment, secrets: [tenant.twilioSecret])
/// environment.merge(webhook.credentials) { $1 }
/// ```
struct RoleUser {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The template parameter the tests deploy as; the seeded secrets are named for it.
    static let environmentName = "dev"

    let accessKeyId: String
    let secretAccessKey: String
    /// The policy as granted (for failure messages).
    let policy: String

    var credentials: [String: String] { ["AWS_ACCESS_KEY_ID": accessKeyId, "AWS_SECRET_ACCESS_KEY": secretAccessKey] }

    /// - Parameters:
    ///   - stack: the environment `AWSStack` provisioned (table names, queue URLs).
    ///   - secrets: the secrets the function reads; each must match the role's secret resources.
    static func make(role: String, stack: [String: String], secrets: [String]) throws -> RoleUser {
        func lastSegment(_ key: String) throws -> String {
            let url: String = try #require(stack[key], "\(key) is not in the provisioned environment")
            return String(url.split(separator: "/").last ?? "")
        }
        let names: [String: String] = [
            "StageTable": try #require(stack["STAGE_TABLE"]), "LockTable": try #require(stack["LOCK_TABLE"]),
            "HistoryTable": try #require(stack["HISTORY_TABLE"]), "OperatorTable": stack["OPERATOR_TABLE"] ?? "operator",
            "WhatsAppQueue": try lastSegment("WHATSAPP_QUEUE_URL"), "SmsQueue": try lastSegment("SMS_QUEUE_URL"),
            "WhatsAppDeadLetterQueue": try lastSegment("WHATSAPP_DLQ_URL"), "SmsDeadLetterQueue": try lastSegment("SMS_DLQ_URL"),
            "EmailQueue": try lastSegment("EMAIL_QUEUE_URL"), "EmailDeadLetterQueue": try lastSegment("EMAIL_DLQ_URL"),
            "HandoffQueue": try lastSegment("HANDOFF_QUEUE_URL"),
        ]
        let parameters = ["EnvironmentName": environmentName, "ConversationsTableName": try #require(stack["CONVERSATIONS_TABLE"])]
        let output = try HelperScript.run("role_user.py", [
            RoleUser.repository.appendingPathComponent("template.yaml").path, role,
            String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self),
            String(decoding: try JSONEncoder().encode(names), as: UTF8.self),
        ] + secrets)
        let object = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        let policy = try JSONSerialization.data(withJSONObject: object["Policy"] ?? [:], options: [.sortedKeys])
        return RoleUser(
            accessKeyId: try #require(object["AccessKeyId"] as? String), secretAccessKey: try #require(object["SecretAccessKey"] as? String),
            policy: String(decoding: policy, as: UTF8.self))
    }
}
