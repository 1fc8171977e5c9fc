import Foundation
import NIOHTTP1
import TestFakes
import Testing

/// The operator API's refusals and its exactly-once send on the real binary, on both backends:
/// the WhatsApp window, another company's token, no or a bad token, bad JSON, an unknown
/// conversation, a huge body, and one message sent once when its request is retried at once.
@Suite struct OperatorRefusalsEndToEndTests {
    typealias Client = OperatorEndToEndTests.Client

    @Test("refusals and concurrent retries of one send", .timeLimit(.minutes(3)), arguments: EngineBackend.allCases)
    func refusalsAndConcurrentRetries(backend: EngineBackend) async throws {
        let harness = try await FaultHarness.start(backend)
        defer { Task { await harness.stop() } }
        let token = try await OperatorEndToEndTests.createToken(harness, name: "ann")
        let stranger = try #require(try await EngineProcess.run(
            ["operator-token", "create", "--company-id", "ci-other-company", "--name", "eve"], environment: harness.environment
        ).split(separator: "\n").last.map(String.init))
        let serving = try await harness.serve()
        defer { serving.process.kill9() }
        let path = OperatorEndToEndTests.conversationPath(harness)
        let api = Client(address: serving.address, token: token, path: path)

        // The person never wrote on WhatsApp: no free-form message may go out.
        let closed = try await api.call(.POST, path + "/messages", key: "w-1", body: #"{"text":"Hello?"}"#)
        #expect(closed.status == 409)
        #expect((closed.json["error"] as? [String: Any])?["code"] as? String == "whatsapp_window_closed")
        // Another company's token: the conversation does not exist for it, and its inbox is empty.
        let other = Client(address: serving.address, token: stranger, path: path)
        #expect(try await other.call(.GET, path).status == 404)
        #expect((try await other.call(.GET, "").json["conversations"] as? [Any])?.isEmpty == true)
        // No token, a made-up token: 401.
        #expect(try await Client(address: serving.address, token: "", path: path).call(.GET, "").status == 401)
        #expect(try await Client(address: serving.address, token: "rop_" + String(repeating: "A", count: 43), path: path).call(.GET, "").status == 401)
        // Bad JSON, an unknown conversation, a body over 32 KiB.
        let bad = try await api.call(.POST, path + "/handoff", body: "{not json")
        #expect(bad.status == 400 && (bad.json["error"] as? [String: Any])?["code"] as? String == "invalid_json")
        #expect(try await api.call(.GET, "/%2B447700900199/no-such-conversation").status == 404)
        let huge = #"{"reason":""# + String(repeating: "x", count: 40 * 1024) + #""}"#
        #expect(try await api.call(.POST, path + "/handoff", body: huge).status == 413)
        #expect(await harness.sendAttempts() == 0, "nothing refused was sent")

        // The person writes (the window opens); a human takes over and the same message is sent
        // by five requests at once: one send.
        #expect(try await api.call(.POST, path + "/handoff", body: #"{"reason":"complaint"}"#).status == 200)
        try await harness.postBurst(["I want to complain"], to: serving.address)
        _ = try await harness.waitForRecord(timeout: .seconds(30), "the message recorded while a human has it") {
            ($0["messages"] as? [Any])?.count == 2
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<5 {
                group.addTask { try await api.call(.POST, path + "/messages", key: "c-1", body: #"{"text":"Sorry, Ann here."}"#).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
        #expect(statuses.allSatisfy { [200, 201, 409].contains($0) }, "\(statuses)")
        let replay = try await api.call(.POST, path + "/messages", key: "c-1", body: #"{"text":"Sorry, Ann here."}"#)
        #expect(replay.status == 200 && replay.json["replayed"] as? Bool == true)
        #expect(await harness.twilio.sentMessages().map(\.body) == ["Sorry, Ann here."], "sent once")
        let record = try await harness.record()
        #expect((record["messages"] as? [[String: Any]])?.filter { $0["role"] as? String == "operator" }.count == 1)
    }
}
