import Foundation
import InMemoryBackend
import Logging
import RepliesCore
import RepliesHTTP
import TestFakes
import Testing

/// The operator API through the router (the code both `serve` and Lambda run): statuses and
/// error codes for bad tokens, bad JSON, unknown conversations, huge bodies, retried keys, and
/// every answer checked against docs/operator-api.yaml by scripts/check-openapi.py.
@Suite struct OperatorAPITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let company = "+447700900456"
    static let secretName = "twilio-test"

    /// Every exchange one test saw, for the OpenAPI check.
    final class Exchanges: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [[String: Any]] = []
        func add(_ method: String, _ path: String, _ response: HTTPResponse) {
            var headers: [String: String] = [:]
            for field in response.headers.fields { headers[field.name] = field.value }
            lock.withLock { items.append(["method": method, "path": path, "status": response.status, "body": response.bodyText, "headers": headers]) }
        }
        var all: [[String: Any]] { lock.withLock { items } }
    }

    struct API {
        let router: HTTPRouter
        let clock: ManualClock
        let sender: RecordingSender
        let conversations: InMemoryConversationStore
        let exchanges = Exchanges()
        let token: String
        let otherToken: String
        let revokedToken: String

        init() async throws {
            clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600))
            sender = RecordingSender()
            conversations = InMemoryConversationStore()
            let queue = InMemoryTriggerQueue(clock: clock)
            let ports = EnginePorts(
                conversations: conversations, archive: InMemoryTurnArchive(), stage: InMemoryFragmentStage(), locks: InMemoryTriggerLocks(),
                queue: queue, secrets: InMemorySecrets([OperatorAPITests.secretName: [
                    "twilio_account_sid": "AC" + String(repeating: "1", count: 32), "twilio_auth_token": "not-a-real-token",
                ]]),
                model: NoModel(), sender: sender, handoff: RecordingHandoffNotifier(), verifier: NoVerifier(), budgets: InMemoryReplyBudgets(),
                clock: clock)
            let tokens = InMemoryOperatorTokens()
            token = OperatorTokenSecret.generate()
            otherToken = OperatorTokenSecret.generate()
            revokedToken = OperatorTokenSecret.generate()
            let now = clock.now()
            _ = try await tokens.create(OperatorToken(tokenHash: OperatorTokenSecret.hash(token), companyId: "c1", name: "ann", createdAt: now))
            _ = try await tokens.create(OperatorToken(tokenHash: OperatorTokenSecret.hash(otherToken), companyId: "c2", name: "bob", createdAt: now))
            _ = try await tokens.create(OperatorToken(
                tokenHash: OperatorTokenSecret.hash(revokedToken), companyId: "c1", name: "old", createdAt: now, revokedAt: now))
            let inbox = InMemoryOperatorInbox()
            var desk = ports
            desk.inbox = inbox
            var router = HTTPRouter()
            router.addOperator(OperatorEndpoint(
                desk: OperatorDesk(ports: desk, tokens: tokens, sends: InMemoryOperatorSends(), inbox: inbox, settings: EngineSettings()),
                logger: .init(label: "operator-api-tests")))
            self.router = router
            try await conversations.put(Self.record("+447700900123", "c1#p1#r1#447700900456", company: "c1", lastUser: now.addingTimeInterval(-60)))
            try await conversations.put(Self.record("+447700900124", "c1#p1#r2#447700900456", company: "c1", lastUser: now.addingTimeInterval(-90_000)))
            try await conversations.put(Self.record("+447700900125", "c2#p1#r3#447700900456", company: "c2", lastUser: now))
        }

        static func record(_ user: String, _ id: String, company: String, lastUser: Date) -> Record {
            [
                "primary_channel": .string(user), "conversation_id": .string(id), "company_id": .string(company), "project_id": .string("p1"),
                "channel_method": .string("whatsapp"), "recipient_tel": .string(user), "recipient_first_name": .string("Sam"),
                "channel_config": .map(["company_whatsapp_number": .string(OperatorAPITests.company), "whatsapp_credentials_id": .string(OperatorAPITests.secretName)]),
                "conversation_status": .string("reply_sent"),
                "messages": .list([
                    .map(["message_id": .string("SM1"), "timestamp": .string(Timestamp.format(lastUser)), "role": .string("user"), "content": .string("Hi")]),
                ]),
            ]
        }

        @discardableResult
        func call(
            _ method: HTTPMethod, _ path: String, query: String? = nil, token: String?? = .none, headers: HTTPHeaders = [:], body: String? = nil,
            bytes: [UInt8]? = nil
        ) async -> HTTPResponse {
            var all = headers
            switch token {
            case .none: all.add("Authorization", "Bearer \(self.token)")
            case .some(.some(let value)): all.add("Authorization", value)
            case .some(.none): break
            }
            let response = await router.respond(
                to: HTTPRequest(method: method, path: "/operator/v1" + path, query: query, headers: all), body: bytes ?? Array((body ?? "").utf8))
            exchanges.add(method.description, path, response)
            return response
        }

        func code(_ response: HTTPResponse) -> String? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                  let error = object["error"] as? [String: Any] else { return nil }
            return error["code"] as? String
        }
    }

    static let first = "/conversations/%2B447700900123/c1%23p1%23r1%23447700900456"
    static let stale = "/conversations/%2B447700900124/c1%23p1%23r2%23447700900456"
    static let foreign = "/conversations/%2B447700900125/c2%23p1%23r3%23447700900456"

    @Test func theWholeLoopAndEveryRefusalMatchTheDocument() async throws {
        let api = try await API()
        // Authentication: none, malformed, unknown, revoked.
        for token: String? in [nil, "Bearer nope", "Basic abc", "Bearer " + OperatorTokenSecret.generate(), "Bearer " + api.revokedToken] {
            let response = await api.call(.get, "/conversations", token: .some(token))
            #expect(response.status == 401 && api.code(response) == "unauthorized")
            #expect(response.headers["WWW-Authenticate"] == "Bearer realm=\"operator\"")
        }
        // Take over, list, read.
        let taken = await api.call(.post, Self.first + "/handoff", body: #"{"reason":"asked for a human"}"#)
        #expect(taken.status == 200 && taken.bodyText.contains(#""changed":true"#))
        #expect(await api.call(.post, Self.first + "/handoff", body: #"{"reason":"again"}"#).bodyText.contains(#""changed":false"#))
        let list = await api.call(.get, "/conversations")
        #expect(list.status == 200 && list.bodyText.contains("c1#p1#r1#447700900456") && list.bodyText.contains(#""waiting_count":1"#))
        #expect(await api.call(.get, "/conversations", query: "state=all&limit=1").status == 200)
        let detail = await api.call(.get, Self.first)
        #expect(detail.status == 200 && detail.bodyText.contains(#""free_form_reply_possible":true"#) && detail.bodyText.contains(#""handed_off_by":"ann""#))
        // Isolation: another company's conversation and an unknown one are the same 404.
        let foreign = await api.call(.get, Self.foreign)
        let unknown = await api.call(.get, "/conversations/%2B1/nothing")
        #expect(foreign.status == 404 && unknown.status == 404 && foreign.bodyText == unknown.bodyText)
        #expect(await api.call(.post, Self.foreign + "/messages", headers: ["Idempotency-Key": "x"], body: #"{"text":"hi"}"#).status == 404)
        #expect(await api.call(.get, Self.foreign, token: .some("Bearer " + api.otherToken)).status == 200)
        // Replies: one send per key; a reused key with another text is refused.
        let sent = await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k-1"], body: #"{"text":"Hi Sam, Ann here."}"#)
        #expect(sent.status == 201 && sent.bodyText.contains(#""role":"operator""#))
        let again = await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k-1"], body: #"{"text":"Hi Sam, Ann here."}"#)
        #expect(again.status == 200 && again.bodyText.contains(#""replayed":true"#))
        let reused = await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k-1"], body: #"{"text":"Other"}"#)
        #expect(reused.status == 422 && api.code(reused) == "idempotency_key_reused")
        #expect(await api.sender.count == 1)
        // Bad requests.
        #expect(api.code(await api.call(.post, Self.first + "/messages", body: #"{"text":"x"}"#)) == "invalid_request")
        #expect(api.code(await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k-2"], body: "{not json")) == "invalid_json")
        #expect(api.code(await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k-2"], body: "[1]")) == "invalid_json")
        #expect(api.code(await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k-2"], body: #"{"text":"a","x":1}"#)) == "invalid_request")
        #expect(api.code(await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k-2"], body: #"{"text":""}"#)) == "invalid_request")
        #expect(api.code(await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k 2"], body: #"{"text":"a"}"#)) == "invalid_request")
        #expect(api.code(await api.call(.post, Self.first + "/handoff", body: #"{"reason":""}"#)) == "invalid_request")
        #expect(api.code(await api.call(.get, "/conversations", query: "state=open")) == "invalid_request")
        #expect(api.code(await api.call(.get, "/conversations", query: "cursor=%%%")) == "invalid_request")
        #expect(api.code(await api.call(.get, "/conversations", query: "limit=0")) == "invalid_request")
        let huge = await api.call(.post, Self.first + "/messages", headers: ["Idempotency-Key": "k-3"],
                                  bytes: Array(("{\"text\":\"" + String(repeating: "a", count: 40_000) + "\"}").utf8))
        #expect(huge.status == 413 && api.code(huge) == "payload_too_large")
        #expect(await api.sender.count == 1, "no refused request sent anything")
        // The WhatsApp window: 25 h since the person wrote; the secret names no template.
        let closed = await api.call(.post, Self.stale + "/messages", headers: ["Idempotency-Key": "k-4"], body: #"{"text":"Still there?"}"#)
        #expect(closed.status == 409 && api.code(closed) == "whatsapp_window_closed" && closed.bodyText.contains(#""template_available":false"#))
        let noTemplate = await api.call(.post, Self.stale + "/messages", headers: ["Idempotency-Key": "k-5"], body: #"{"template":{"variables":{"1":"Sam"}}}"#)
        #expect(noTemplate.status == 409 && api.code(noTemplate) == "template_unavailable")
        #expect(await api.call(.get, Self.stale).bodyText.contains(#""free_form_reply_possible":false"#))
        // Hand back.
        let back = await api.call(.post, Self.first + "/handback", body: #"{"note":"over to you"}"#)
        #expect(back.status == 200 && back.bodyText.contains(#""state":"ai""#))
        #expect(await api.call(.post, Self.first + "/handback", body: "{}").bodyText.contains(#""changed":false"#))
        #expect(await api.call(.get, "/conversations").bodyText.contains(#""conversations":[]"#))
        // Router-level refusals under /operator are JSON too.
        let missing = await api.call(.get, "/nothing")
        #expect(missing.status == 404 && api.code(missing) == "not_found")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("operator-exchanges-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let documented = api.exchanges.all.filter { ($0["path"] as? String) != "/nothing" }
        try JSONSerialization.data(withJSONObject: documented).write(to: file)
        let (status, output) = try await Self.validate(file.path)
        #expect(status == 0, "\(output)")
        #expect(output.contains("0 failures"))
    }

    /// Runs scripts/check-openapi.py on the exchanges.
    static func validate(_ file: String) async throws -> (Int32, String) {
        try await PythonCheck.run(
            repository.appendingPathComponent("scripts/check-openapi.py"), [repository.appendingPathComponent("docs/operator-api.yaml").path, file])
    }
}

/// Records sends; never fails.
actor RecordingSender: MessageSender {
    private(set) var sent: [OutboundMessage] = []
    var count: Int { sent.count }

    func send(_ message: OutboundMessage) async throws -> SentMessage {
        sent.append(message)
        return SentMessage(sid: "SM" + String(format: "%032d", sent.count), body: message.body, dateCreated: Date())
    }

    func sentMessages(channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials) async throws -> [SentMessage] {
        []
    }
}

struct NoModel: ReplyModel {
    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        ModelReply(content: "AI", handOffToHuman: false, handOffToHumanReason: nil, taskComplete: false, usage: TokenUsage(prompt: 1, completion: 1, total: 2))
    }
}

struct NoVerifier: SignatureVerifier {
    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool { false }
}
