import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RepliesCore
import TestFakes
import Testing

/// The human half on the real binary: a token from `operator-token create`, take-over, a
/// message while a human has the conversation, a human reply through FakeTwilio, hand-back and
/// the AI's answer with the operator turn in its prompt; and `kill -9` right after the
/// operator's send, before its SID is recorded: after the restart the retried request records
/// the message once and nothing is sent again.
@Suite struct OperatorEndToEndTests {
    struct Client {
        let address: String
        let token: String
        let path: String

        func call(_ method: HTTPMethod, _ suffix: String, key: String? = nil, body: String? = nil) async throws -> (status: Int, json: [String: Any]) {
            var request = HTTPClientRequest(url: "http://\(address)/operator/v1/conversations\(suffix)")
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            if let key { request.headers.add(name: "Idempotency-Key", value: key) }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]) ?? [:]
            return (Int(response.status.code), json)
        }
    }

    static func conversationPath(_ harness: FaultHarness) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        func segment(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return "/" + segment(harness.tenant.user) + "/" + segment(harness.tenant.conversationId)
    }

    /// `operator-token create` prints the token as its last line.
    static func createToken(_ harness: FaultHarness, name: String) async throws -> String {
        let output = try await EngineProcess.run(
            ["operator-token", "create", "--company-id", "ci-e2e-001", "--name", name], environment: harness.environment)
        return try #require(output.split(separator: "\n").last.map(String.init))
    }

    @Test(
        "staff take over, answer and hand back; the AI continues knowing what they said", .timeLimit(.minutes(3)),
        arguments: EngineBackend.allCases)
    func theWholeLoop(backend: EngineBackend) async throws {
        let harness = try await FaultHarness.start(backend)
        defer { Task { await harness.stop() } }
        let token = try await Self.createToken(harness, name: "ann")
        let listed = try await EngineProcess.run(["operator-token", "list", "--company-id", "ci-e2e-001"], environment: harness.environment)
        #expect(listed.contains("ci-e2e-001\tann") && !listed.contains(token), "list never shows the token")

        let serving = try await harness.serve()
        defer { serving.process.kill9() }
        let api = Client(address: serving.address, token: token, path: Self.conversationPath(harness))
        #expect(try await api.call(.POST, api.path + "/handoff", body: #"{"reason":"wants a person"}"#).status == 200)
        try await harness.postBurst(["Can I talk to someone?"], to: serving.address)
        _ = try await harness.waitForRecord(timeout: .seconds(30), "the message recorded while a human has it") {
            ($0["messages"] as? [Any])?.count == 2 && $0["conversation_status"] as? String == "handed_off"
        }
        #expect(await harness.sendAttempts() == 0, "the AI never answers while a human has the conversation")
        let inbox = try await api.call(.GET, "")
        let items = try #require(inbox.json["conversations"] as? [[String: Any]])
        #expect(items.count == 1 && items.first?["waiting_count"] as? Int == 1)

        let sent = try await api.call(.POST, api.path + "/messages", key: "e2e-1", body: #"{"text":"Hi Sam, Ann here."}"#)
        #expect(sent.status == 201)
        #expect(await harness.twilio.sentMessages().map(\.body) == ["Hi Sam, Ann here."])
        try await harness.postBurst(["Great, is parking included?"], to: serving.address)
        _ = try await harness.waitForRecord(timeout: .seconds(30), "the second message recorded") { ($0["messages"] as? [Any])?.count == 4 }

        let back = try await api.call(.POST, api.path + "/handback", body: #"{"note":"all yours"}"#)
        #expect(back.status == 200 && back.json["answering"] as? Int == 1)
        let record = try await harness.waitForRecord(timeout: .seconds(30), "the AI's answer after the hand-back") {
            ($0["messages"] as? [[String: Any]])?.last?["role"] as? String == "assistant" && ($0["messages"] as? [Any])?.count == 5
        }
        let roles = (record["messages"] as? [[String: Any]])?.map { $0["role"] as? String ?? "" }
        #expect(roles == ["assistant", "user", "operator", "user", "assistant"])
        let request = try #require(await harness.openAI.requests().last)
        #expect(request.input.contains { $0.role == "assistant" && $0.content.contains("company's staff") && $0.content.contains("Hi Sam, Ann here.") })
        #expect(request.newestUserTurn == "Great, is parking included?")
        #expect(await harness.twilio.sentMessages().count == 2)

        // Revoked: the same token is refused at once.
        _ = try await EngineProcess.run(["operator-token", "revoke", "--company-id", "ci-e2e-001", "--name", "ann"], environment: harness.environment)
        #expect(try await api.call(.GET, "").status == 401)
    }

    @Test("kill -9 after the operator's Twilio send, before the record update: recorded once, not sent again", .timeLimit(.minutes(3)))
    func crashAfterTheOperatorsSend() async throws {
        let harness = try await FaultHarness.start(.embedded)
        defer { Task { await harness.stop() } }
        let token = try await Self.createToken(harness, name: "ann")
        // The person wrote (the window is open) and the AI answered; then a human takes over.
        let first = try await harness.serve()
        try await harness.postBurst(["Hello"], to: first.address)
        _ = try await harness.waitForRecord(timeout: .seconds(30), "the AI's first answer") { ($0["messages"] as? [Any])?.count == 3 }
        first.process.terminate()
        _ = try await first.process.waitForExit()

        let crashing = try await harness.serve(extra: ["REPLIES_DEBUG_CRASH_AT": "after-send"])
        defer { crashing.process.kill9() }
        let dying = Client(address: crashing.address, token: token, path: Self.conversationPath(harness))
        _ = try? await dying.call(.POST, dying.path + "/messages", key: "crash-1", body: #"{"text":"Ann here, sorry for the wait."}"#)
        _ = try await crashing.process.waitForExit(timeout: .seconds(20))
        #expect(crashing.process.process.terminationStatus == SIGKILL)
        #expect(await harness.sendAttempts() == 2, "the AI's answer and the operator's message went out")

        let restarted = try await harness.serve()
        defer { restarted.process.kill9() }
        let api = Client(address: restarted.address, token: token, path: Self.conversationPath(harness))
        let retried = try await api.call(.POST, api.path + "/messages", key: "crash-1", body: #"{"text":"Ann here, sorry for the wait."}"#)
        #expect(retried.status == 201)
        let again = try await api.call(.POST, api.path + "/messages", key: "crash-1", body: #"{"text":"Ann here, sorry for the wait."}"#)
        #expect(again.status == 200 && again.json["replayed"] as? Bool == true)
        #expect(await harness.sendAttempts() == 2, "not sent again")
        #expect(await harness.twilio.requests().contains { $0.method == "GET" }, "the retry asked Twilio's list")
        let record = try await harness.record()
        let operatorTurns = (record["messages"] as? [[String: Any]])?.filter { $0["role"] as? String == "operator" } ?? []
        #expect(operatorTurns.count == 1)
        #expect(operatorTurns.first?["message_id"] as? String == (await harness.twilio.sentMessages().last?.sid))
        #expect(operatorTurns.first?["operator_name"] as? String == "ann")
    }
}
