import AWSCore
import Foundation
import RepliesConfiguration
import RepliesCore
import TestFakes
import Testing

/// The `operator` function run as Lambda runs it (the real `bootstrap` behind a Runtime API
/// emulator) with the credentials of a moto IAM user holding exactly `OperatorRole` from
/// `template.yaml`: list, read, take over, reply through FakeTwilio and hand back.
@Suite struct LeastPrivilegeOperatorEndToEndTests {
    let tenant = SampleTenant()

    static func event(_ method: String, _ path: String, token: String, key: String? = nil, body: String? = nil) throws -> Data {
        var headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        if let key { headers["Idempotency-Key"] = key }
        return try JSONSerialization.data(withJSONObject: [
            "resource": "/operator/v1/{proxy+}", "path": path, "httpMethod": method, "headers": headers,
            "requestContext": ["stage": "prod", "path": "/prod\(path)"],
            "body": body ?? NSNull(), "isBase64Encoded": false,
        ] as [String: Any])
    }

    @Test("the operator function needs nothing its template role does not grant", .timeLimit(.minutes(3)))
    func operatorWithItsRoleOnly() async throws {
        var stack = try await AWSStack.provisionAndSeed(tenant)
        let fakes = try await TenantFakes.start(for: tenant)
        defer { Task { try? await fakes.stop() } }
        stack.merge(fakes.environment) { $1 }
        // The person wrote a minute ago: the WhatsApp window is open.
        let dynamo = DynamoDBClient(configuration: try AWSClientConfiguration(environment: stack))
        try await dynamo.updateItem(
            table: try #require(stack["CONVERSATIONS_TABLE"]),
            key: ["primary_channel": .s(tenant.user), "conversation_id": .s(tenant.conversationId)],
            update: DynamoDBExpression("SET last_inbound_at = :t", values: [":t": .s(Timestamp.format(Date().addingTimeInterval(-60)))]))
        let output = try await EngineProcess.run(["operator-token", "create", "--company-id", "ci-e2e-001", "--name", "ann"], environment: stack)
        let token = try #require(output.split(separator: "\n").last.map(String.init))

        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let conversation = "/operator/v1/conversations/" + (tenant.user.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
            + "/" + (tenant.conversationId.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        let user = try RoleUser.make(role: "OperatorRole", stack: stack, secrets: [tenant.twilioSecret])
        let api = try await RuntimeAPIEmulator.start()
        defer { Task { await api.stop() } }
        let calls: [(String, Data)] = [
            ("handoff", try Self.event("POST", conversation + "/handoff", token: token, body: #"{"reason":"complaint"}"#)),
            ("list", try Self.event("GET", "/operator/v1/conversations", token: token)),
            ("read", try Self.event("GET", conversation, token: token)),
            ("reply", try Self.event("POST", conversation + "/messages", token: token, key: "lp-1", body: #"{"text":"Ann here."}"#)),
            ("handback", try Self.event("POST", conversation + "/handback", token: token, body: "{}")),
            // The staff console is served by the same function (template.yaml routes /console* to it).
            ("console", try Self.event("GET", "/console", token: "")),
            ("console-script", try Self.event("GET", "/console/app.js", token: "")),
        ]
        for (id, event) in calls { await api.enqueue(requestId: id, event: event) }
        let function = try EngineProcess(
            arguments: [], environment: stack.merging(user.credentials) { $1 }.merging(api.environment(handler: "operator")) { $1 })
        defer { function.terminate() }
        var statuses: [String: Int] = [:]
        for (id, _) in calls {
            let answer = try LambdaInvocations.json(await LambdaInvocations.outcome(api, id, from: function))
            statuses[id] = answer["statusCode"] as? Int
        }
        #expect(statuses == [
            "handoff": 200, "list": 200, "read": 200, "reply": 201, "handback": 200, "console": 200, "console-script": 200,
        ], "\(function.standardError)")
        #expect(await fakes.twilio.sentMessages().map(\.body) == ["Ann here."])
        function.terminate()
        let log = function.standardError
        #expect(!log.contains("AccessDenied") && !log.contains("not authorized"), "Policy: \(user.policy)\nLog:\n\(log)")
    }
}
