import Foundation
import Testing

/// What `template.yaml` must keep (issue 13 points 9 and 11), read from the template as written
/// by `scripts/aws/template_facts.py`; `scripts/check-template.sh` asserts the same on the SAM
/// translation in CI.
@Suite struct TemplateFactsTests {
    struct Facts: Decodable {
        struct Function: Decodable { var role: String; var environment: [String] }
        struct Alarm: Decodable { var name: String; var namespace: String; var metric: String; var conditional: Bool }
        var functions: [String: Function]
        var routes: [String: [String: AnyValue]]
        var alarms: [Alarm]
    }

    /// A throttling value: a number or a `!Ref` to a parameter.
    struct AnyValue: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    func facts() throws -> Facts {
        try JSONDecoder().decode(Facts.self, from: HelperScript.run("template_facts.py", [RoleUser.repository.appendingPathComponent("template.yaml").path]))
    }

    @Test("each function has a role of its own and the time-budget keys it is checked with")
    func rolesAndBudgets() throws {
        let functions = try facts().functions
        #expect(Set(functions.keys) == ["webhook", "worker", "sweeper", "operator"])
        #expect(Set(functions.values.map(\.role)).count == 4, "\(functions.mapValues(\.role))")
        #expect(functions["operator"]?.role == "OperatorRole")
        #expect(functions["sweeper"]?.role == "SweeperRole")
        #expect(functions["webhook"]?.environment.contains("FUNCTION_TIMEOUT_SECONDS") == true)
        let webhook = Set(functions["webhook"]?.environment ?? []), worker = Set(functions["worker"]?.environment ?? [])
        #expect(webhook.isSuperset(of: ["AWS_ATTEMPT_TIMEOUT_SECONDS", "AWS_MAX_ATTEMPTS"]))
        #expect(worker.isSuperset(of: ["FUNCTION_TIMEOUT_SECONDS", "OPENAI_TIMEOUT_SECONDS"]))
    }

    @Test("each webhook route is throttled on its own; the API, the oldest pending message and the handoff queue are alarmed")
    func throttlingAndAlarms() throws {
        let facts = try facts()
        #expect(facts.routes["POST /~1whatsapp"] != nil && facts.routes["POST /~1sms"] != nil, "\(facts.routes.keys.sorted())")
        let metrics = Dictionary(grouping: facts.alarms, by: \.metric)
        #expect(metrics["4XXError"]?.first?.namespace == "AWS/ApiGateway")
        #expect(metrics["5XXError"]?.first?.namespace == "AWS/ApiGateway")
        #expect(metrics["ApiThrottledRequests"]?.first?.conditional == true, "429s come from the optional access log")
        #expect(metrics["OldestPendingAgeSeconds"]?.first?.namespace == "RepliesEngine")
        #expect(metrics["ApproximateAgeOfOldestMessage"]?.first?.name == "HandoffQueueAgeAlarm")
    }
}
