import AWSBackend
import AWSCore
import Foundation
import RepliesConfiguration
import RepliesCore
import TestFakes
import Testing
import Twilio

/// The `webhook` function serving Twilio's status callbacks (`POST /twilio/status`) as Lambda
/// runs it, with the credentials of a moto IAM user holding exactly `WebhookRole` from
/// `template.yaml`: an `undelivered` AI reply is read, compare-and-set on the record (with the
/// hand-off), put in the operator inbox and announced on the handoff queue; a forged one is refused.
@Suite struct LeastPrivilegeStatusEndToEndTests {
    let tenant = SampleTenant()

    /// A REST API (v1) proxy event; the query goes in as `multiValueQueryStringParameters` in
    /// the URL's order (API Gateway passes decoded parameters; the function rebuilds the query).
    static func event(_ post: StatusCallbackPost, authToken: String?) throws -> Data {
        let signed = post.signed(authToken: authToken)
        let path = StatusCallbackTarget.path
        let base = try JSONSerialization.data(withJSONObject: [
            "resource": path, "path": path, "httpMethod": "POST",
            "headers": ["Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signed.signature],
            "requestContext": ["stage": "prod", "path": "/prod\(path)"],
            "body": signed.body, "isBase64Encoded": false,
        ] as [String: Any])
        var parameters: [String] = []
        for pair in post.query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            let encoded = try parts.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            parameters.append("\(encoded[0]):[\(encoded[1])]")
        }
        var json = String(decoding: base, as: UTF8.self)
        json.removeLast()
        json += ",\"multiValueQueryStringParameters\":{" + parameters.joined(separator: ",") + "}}"
        return Data(json.utf8)
    }

    @Test("the webhook function records status callbacks and notifies a human with only its template role", .timeLimit(.minutes(3)))
    func statusCallbacksWithTheWebhookRoleOnly() async throws {
        var stack = try await AWSStack.provisionAndSeed(tenant)
        let fakes = try await TenantFakes.start(for: tenant)
        defer { Task { try? await fakes.stop() } }
        stack.merge(fakes.environment) { $1 }
        let key = ConversationKey(primaryChannel: tenant.user, conversationId: tenant.conversationId)
        let url = StatusCallbackTarget(key: key, sender: .ai).url(base: tenant.publicBaseURL + StatusCallbackTarget.path)
        let sid = SimulatedWebhook.randomSid(prefix: "SM")
        let undelivered = StatusCallbackPost(callbackURL: url, sid: sid, status: "undelivered", errorCode: "63016", tenant: tenant)
        let forged = StatusCallbackPost(callbackURL: url, sid: sid, status: "delivered", tenant: tenant)

        let user = try RoleUser.make(role: "WebhookRole", stack: stack, secrets: [tenant.twilioSecret])
        let api = try await RuntimeAPIEmulator.start()
        defer { Task { await api.stop() } }
        await api.enqueue(requestId: "undelivered", event: try Self.event(undelivered, authToken: tenant.authToken))
        await api.enqueue(requestId: "repeated", event: try Self.event(undelivered, authToken: tenant.authToken))
        await api.enqueue(requestId: "forged", event: try Self.event(forged, authToken: nil))
        let function = try EngineProcess(
            arguments: [], environment: stack.merging(user.credentials) { $1 }.merging(api.environment(handler: "webhook")) { $1 })
        defer { function.terminate() }
        var statuses: [String: Int] = [:]
        for id in ["undelivered", "repeated", "forged"] {
            let answer = try LambdaInvocations.json(await LambdaInvocations.outcome(api, id, from: function))
            statuses[id] = answer["statusCode"] as? Int
        }
        #expect(statuses == ["undelivered": 204, "repeated": 204, "forged": 403], "\(function.standardError)")
        function.terminate()

        let admin = try AWSClientConfiguration(environment: stack)
        let table = try #require(stack["CONVERSATIONS_TABLE"])
        let fetched = try await DynamoDBClient(configuration: admin).getItem(
            table: table, key: ["primary_channel": .s(tenant.user), "conversation_id": .s(tenant.conversationId)], consistentRead: true)
        let item = try #require(fetched)
        let record = try Record(item: item)
        let log = DeliveryLog(record[ConversationAttribute.deliveryStatus])
        #expect(log.messages[sid]?.status == .undelivered)
        #expect(log.messages[sid]?.errorCode == "63016")
        #expect(record.bool(ConversationAttribute.handOffToHuman) == true)
        let notices = try await SQSClient(configuration: admin).receiveMessages(
            queueURL: try #require(stack["HANDOFF_QUEUE_URL"]), max: 10, waitSeconds: 1, visibilityTimeout: 30)
        let decoded = try notices.map { try JSONDecoder().decode(HandoffNotice.self, from: Data($0.body.utf8)) }
        #expect(decoded.map(\.reason) == [.deliveryFailed], "once, though Twilio repeated the callback")
        #expect(decoded.first?.messageSids == [sid])

        let log2 = function.standardError
        #expect(!log2.contains("AccessDenied") && !log2.contains("not authorized"),
                "the webhook was refused an AWS call its role does not grant.\nPolicy: \(user.policy)\nLog:\n\(log2)")
        #expect(!log2.contains("could not update the operator inbox"), "\(log2)")
    }
}
