import Foundation
package import Logging
package import RepliesCore

/// The operator API (`/operator/v1`, docs/operator-api.yaml) over ``OperatorDesk``: bearer
/// authentication, request checks, and one JSON error shape for every refusal.
package struct OperatorEndpoint: Sendable {
    let desk: OperatorDesk
    let logger: Logger

    /// Bodies are small JSON objects; a reply's text is at most 1,600 characters.
    package static let maxBodyBytes = 32 * 1024

    package init(desk: OperatorDesk, logger: Logger) {
        self.desk = desk
        self.logger = logger
    }

    /// Runs `body` for an authenticated request; maps every refusal to its JSON error.
    func handle(_ request: HTTPRequest, _ body: (OperatorIdentity) async throws -> HTTPResponse) async -> HTTPResponse {
        do {
            guard let identity = try await identity(of: request) else {
                return OperatorResponses.error(401, "unauthorized", "a valid operator token is required: Authorization: Bearer <token>")
            }
            return try await body(identity)
        } catch let error as OperatorError {
            return OperatorResponses.response(for: error)
        } catch let error as OperatorRequestError {
            return OperatorResponses.error(400, error.code, error.message)
        } catch {
            // The path names the person's number: only the method is logged.
            logger.error("operator request failed", metadata: ["method": "\(request.method)", "error": "\(error)"])
            return OperatorResponses.error(503, "unavailable", "the store or the provider could not be reached; retry later")
        }
    }

    private func identity(of request: HTTPRequest) async throws -> OperatorIdentity? {
        guard let header = request.headers["Authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard OperatorTokenSecret.isWellFormed(token) else { return nil }
        return try await desk.authenticate(tokenHash: OperatorTokenSecret.hash(token))
    }

    func key(_ request: HTTPRequest) throws(OperatorRequestError) -> ConversationKey {
        guard let pc = request.parameters["pc"], !pc.isEmpty, let cid = request.parameters["cid"], !cid.isEmpty else {
            throw OperatorRequestError(code: "invalid_request", message: "the path needs /conversations/{primary_channel}/{conversation_id}")
        }
        return ConversationKey(primaryChannel: pc, conversationId: cid)
    }

    // MARK: - Routes

    func list(_ request: HTTPRequest) async -> HTTPResponse {
        await handle(request) { identity in
            let state = request.query("state") ?? "handed_off"
            guard state == "handed_off" || state == "all" else {
                throw OperatorRequestError(code: "invalid_request", message: "state must be handed_off or all")
            }
            let limit = try OperatorRequestError.integer(request.query("limit"), name: "limit", range: 1...100, default: 25)
            var cursor: InboxCursor?
            if let text = request.query("cursor") {
                guard let parsed = InboxCursor(token: text) else {
                    throw OperatorRequestError(code: "invalid_request", message: "cursor is not a next_cursor this API gave")
                }
                cursor = parsed
            }
            let inbox = try await desk.inbox(identity, handedOffOnly: state == "handed_off", after: cursor, limit: limit)
            return .json(200, OperatorResponses.inbox(inbox))
        }
    }

    func conversation(_ request: HTTPRequest) async -> HTTPResponse {
        await handle(request) { identity in
            let limit = try OperatorRequestError.integer(request.query("limit"), name: "limit", range: 1...500, default: 200)
            let before = try request.query("before").map { try OperatorRequestError.integer($0, name: "before", range: 0...Int.max, default: 0) }
            let detail = try await desk.conversation(try key(request), by: identity, before: before, limit: limit)
            return .json(200, OperatorResponses.detail(detail))
        }
    }

    func send(_ request: HTTPRequest) async -> HTTPResponse {
        await handle(request) { identity in
            let key = try key(request)
            guard let idempotencyKey = request.headers["Idempotency-Key"] else {
                throw OperatorRequestError(code: "invalid_request", message: "the Idempotency-Key header is required (a new unique value per message)")
            }
            guard (1...255).contains(idempotencyKey.utf8.count), idempotencyKey.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw OperatorRequestError(code: "invalid_request", message: "Idempotency-Key must be 1-255 visible ASCII characters")
            }
            let body = try OperatorRequestError.object(request.body, allowed: ["text", "template"])
            let sendRequest: OperatorDesk.SendRequest
            switch (body["text"], body["template"]) {
            case (let text as String, nil):
                sendRequest = .text(text)
            case (nil, let template as [String: Any]):
                guard Set(template.keys).isSubset(of: ["variables"]) else {
                    throw OperatorRequestError(code: "invalid_request", message: "template takes only variables")
                }
                guard let variables = (template["variables"] ?? [String: String]()) as? [String: String], variables.count <= 100 else {
                    throw OperatorRequestError(code: "invalid_request", message: "template.variables must be an object of at most 100 strings")
                }
                sendRequest = .template(variables: variables)
            default:
                throw OperatorRequestError(code: "invalid_request", message: "send exactly one of text (a string) and template (an object)")
            }
            let result = try await desk.send(sendRequest, to: key, idempotencyKey: idempotencyKey, by: identity)
            return .json(result.replayed ? 200 : 201, JSONValue.object([
                "turn": OperatorResponses.turn(result.turn, position: result.position), "replayed": .bool(result.replayed),
            ]))
        }
    }

    func handOff(_ request: HTTPRequest) async -> HTTPResponse {
        await handle(request) { identity in
            let key = try key(request)
            let body = try OperatorRequestError.object(request.body, allowed: ["reason"])
            guard let reason = body["reason"] as? String, (1...300).contains(reason.count) else {
                throw OperatorRequestError(code: "invalid_request", message: "reason must be a string of 1 to 300 characters")
            }
            return .json(200, OperatorResponses.state(try await desk.handOff(key, reason: reason, by: identity)))
        }
    }

    func handBack(_ request: HTTPRequest) async -> HTTPResponse {
        await handle(request) { identity in
            let key = try key(request)
            let body = try OperatorRequestError.object(request.body, allowed: ["note"])
            let note = body["note"]
            guard note == nil || (note as? String).map({ $0.count <= 1000 }) == true else {
                throw OperatorRequestError(code: "invalid_request", message: "note must be a string of at most 1000 characters")
            }
            return .json(200, OperatorResponses.state(try await desk.handBack(key, note: note as? String, by: identity)))
        }
    }
}

/// A request the operator API refuses before doing anything (400).
struct OperatorRequestError: Error {
    var code: String
    var message: String

    /// The body as a JSON object with only `allowed` keys.
    static func object(_ bytes: [UInt8], allowed: Set<String>) throws(OperatorRequestError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw OperatorRequestError(code: "invalid_json", message: "the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw OperatorRequestError(code: "invalid_json", message: "the body must be a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw OperatorRequestError(code: "invalid_request", message: "unknown field \(unknown); allowed: \(allowed.sorted().joined(separator: ", "))")
        }
        return object.filter { !($0.value is NSNull) }
    }

    static func integer(_ text: String?, name: String, range: ClosedRange<Int>, default value: Int) throws(OperatorRequestError) -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw OperatorRequestError(code: "invalid_request", message: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }
}
