import AWSCore
import Foundation
import TestFakes
import Testing
import Twilio

/// Events and answers of the real `bootstrap` driven through a ``RuntimeAPIEmulator``: the
/// API Gateway and SQS events the functions receive, and the outcome the binary reports.
enum LambdaInvocations {
    /// An API Gateway REST (payload 1.0) event carrying a signed webhook.
    static func apiGatewayV1(_ webhook: SimulatedWebhook.Signed, path: String = "/whatsapp") throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "resource": path, "path": path, "httpMethod": "POST",
            "headers": ["Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": webhook.signature],
            "requestContext": ["stage": "prod", "path": "/prod\(path)"],
            "body": webhook.body, "isBase64Encoded": false,
        ] as [String: Any])
    }

    /// An API Gateway (REST, v1) proxy event for an Inbound Parse post on `/email`: the API
    /// passes `multipart/form-data` as binary, so the body arrives base64-encoded.
    static func apiGatewayV1(email post: EmailTenant.Post) throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "resource": "/email", "path": "/email", "httpMethod": "POST",
            "headers": [
                "Content-Type": post.contentType, "X-Twilio-Email-Event-Webhook-Signature": post.signature,
                "X-Twilio-Email-Event-Webhook-Timestamp": post.timestamp,
            ],
            "requestContext": ["stage": "prod", "path": "/prod/email"],
            "body": post.body.base64EncodedString(), "isBase64Encoded": true,
        ] as [String: Any])
    }

    /// SQS messages received from `queueURL`, as the records of one worker event.
    static func sqsRecords(_ messages: [SQSMessage], from queueURL: String) -> [[String: Any]] {
        let arn = "arn:aws:sqs:us-east-1:123456789012:" + (queueURL.split(separator: "/").last.map(String.init) ?? "")
        return messages.map {
            sqsRecord(messageId: $0.messageId, receipt: $0.receiptHandle, body: $0.body, receiveCount: $0.receiveCount ?? 1, queueARN: arn)
        }
    }

    /// One SQS event record as Lambda's event source mapping passes it.
    static func sqsRecord(messageId: String, receipt: String, body: String, receiveCount: Int, queueARN: String) -> [String: Any] {
        ["messageId": messageId, "receiptHandle": receipt, "body": body,
         "attributes": ["ApproximateReceiveCount": String(receiveCount)],
         "eventSource": "aws:sqs", "eventSourceARN": queueARN, "awsRegion": "us-east-1"]
    }

    /// The emulator's answer for `requestId`, or a failure carrying the process's log when the
    /// binary died or never answered.
    static func outcome(_ emulator: RuntimeAPIEmulator, _ requestId: String, from process: EngineProcess) async throws -> RuntimeAPIState.Outcome {
        do {
            return try await emulator.outcome(for: requestId, timeout: .seconds(60))
        } catch {
            let status = process.process.isRunning ? "still running" : "exited \(process.process.terminationStatus)"
            throw EngineTestError.commandFailed("bootstrap, invocation \(requestId) (\(status))", -1, "\(error)\n\(process.standardError)")
        }
    }

    /// A successful invocation's JSON answer.
    static func json(_ outcome: RuntimeAPIState.Outcome) throws -> [String: Any] {
        guard case .response(let data) = outcome else {
            throw EngineTestError.timedOut("a response, got \(outcome)")
        }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
