import Foundation
import TestFakes
import Testing

/// Sends a hostile corpus to a running engine and checks every answer against its class.
enum HostileRun {
    static let misconfiguredText = "this number is not configured correctly; see the server log\n"

    /// Sends `requests` in order, `parallel` at a time; returns one line per wrong answer.
    static func fire(_ requests: [HostileRequest], at address: String, parallel: Int) async throws -> [String] {
        var problems: [String] = []
        var start = 0
        while start < requests.count {
            let chunk = Array(requests[start..<min(start + parallel, requests.count)])
            let answers = try await withThrowingTaskGroup(of: (Int, HostileRequest.Answer).self) { group in
                for (index, request) in chunk.enumerated() {
                    group.addTask { (index, try await request.send(to: address)) }
                }
                return try await group.reduce(into: [Int: HostileRequest.Answer]()) { $0[$1.0] = $1.1 }
            }
            for (index, request) in chunk.enumerated() {
                guard let answer = answers[index] else { continue }
                problems += check(answer, for: request, number: start + index)
            }
            start += parallel
        }
        return problems
    }

    /// The defined answer of the request's class, and no leak in any answer.
    static func check(_ answer: HostileRequest.Answer, for request: HostileRequest, number: Int) -> [String] {
        let label = "#\(number) \(request.kind.rawValue) \(request.method) \(request.path)"
        var problems: [String] = []
        if !request.expected.contains(answer.status) {
            problems.append("\(label): status \(answer.status), expected \(request.expected.sorted()): \(answer.body.prefix(200))")
        }
        if answer.status >= 500 && !(answer.status == 500 && request.kind == .misconfiguredRecord) && answer.status != 503 {
            problems.append("\(label): undefined 5xx \(answer.status)")
        }
        if answer.status == 200 && (!answer.contentType.contains("xml") || !answer.body.contains("<Response></Response>")) {
            problems.append("\(label): 200 without empty TwiML (\(answer.contentType))")
        }
        if answer.status == 500 && answer.body != misconfiguredText {
            problems.append("\(label): 500 with an undefined body: \(answer.body.prefix(200))")
        }
        for marker in HostileRequest.leakMarkers where answer.body.contains(marker) {
            problems.append("\(label): the answer leaks '\(marker)': \(answer.body.prefix(200))")
        }
        return problems
    }

    /// Problems with a conversation record after the run: every expected token in exactly one
    /// user turn, no other fuzz token anywhere, one assistant turn per user turn, nothing held.
    static func checkRecord(_ record: [String: Any], expectedTokens: Set<String>, seededEntries: Int) -> [String] {
        let messages = (record["messages"] as? [Any] ?? []).dropFirst(seededEntries).compactMap { $0 as? [String: Any] }
        let user = messages.filter { $0["role"] as? String == "user" }.compactMap { $0["content"] as? String }
        let assistant = messages.filter { $0["role"] as? String == "assistant" }
        var problems: [String] = []
        var found: [String: Int] = [:]
        for turn in user {
            for token in tokens(in: turn) { found[token, default: 0] += 1 }
            if turn.contains("bad") && turn.range(of: #"bad\d+ "#, options: .regularExpression) != nil {
                problems.append("a refused request reached the conversation: \(turn.prefix(120))")
            }
        }
        for token in expectedTokens where found[token] != 1 {
            problems.append("token \(token) is in \(found[token] ?? 0) user turns, expected 1")
        }
        for token in found.keys where !expectedTokens.contains(token) {
            problems.append("token \(token) was recorded but never validly sent to this conversation")
        }
        if user.count != assistant.count { problems.append("\(user.count) user turns but \(assistant.count) assistant turns") }
        if record["reply_lease_owner"] != nil && !(record["reply_lease_owner"] is NSNull) { problems.append("a reply lease is still held") }
        if record["pending_reply"] != nil && !(record["pending_reply"] is NSNull) { problems.append("a pending reply is left") }
        return problems
    }

    /// The `fz<n>x` tokens in a text.
    static func tokens(in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: #"fz\d+x"#) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    /// The record's user turns' tokens (for polling until everything is answered).
    static func answeredTokens(_ record: [String: Any]) -> Set<String> {
        let messages = (record["messages"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        return Set(messages.filter { $0["role"] as? String == "user" }.compactMap { $0["content"] as? String }.flatMap(tokens(in:)))
    }

    /// After a run: every valid request to the good conversation is in exactly one answered user
    /// turn, each batch was sent once, and no refused request reached another tenant's record.
    static func expectValidMessagesAnsweredOnce(
        _ requests: [HostileRequest], tenants: HostileTenants, twilio: FakeTwilio, environment: [String: String], timeout: Duration
    ) async throws {
        let good = tenants.good
        let expected = Set(requests.filter { $0.kind == .valid && $0.conversationId == good.conversationId }.compactMap(\.token))
        var last: [String: Any] = [:]
        let record: [String: Any]
        do {
            record = try await poll(timeout: timeout, "every valid message to be answered") {
                // Each inspect is a process with two pipes: poll gently so a slow run cannot pile up descriptors.
                try await Task.sleep(for: .milliseconds(750))
                let record = try await inspect(good.user, good.conversationId, environment: environment)
                last = record
                let settled = record["reply_lease_owner"] == nil && record["conversation_status"] as? String == "reply_sent"
                return settled && answeredTokens(record).isSuperset(of: expected) ? record : nil
            }
        } catch {
            let missing = expected.subtracting(answeredTokens(last))
            Issue.record("""
                last look: status \(last["conversation_status"] ?? "-"), lease \(last["reply_lease_owner"] ?? "-"), \
                \(missing.count) valid messages unanswered, failure reason \(last["reply_failure_reason"] ?? "-")
                """)
            throw error
        }
        // Every trigger settled and Twilio quiet: a wrong extra batch would have shown by now.
        try await Quiescence.wait(environment: environment, conversationId: good.conversationId, timeout: timeout) {
            await twilio.requests().count
        }
        let final = try await inspect(good.user, good.conversationId, environment: environment)
        #expect(checkRecord(final, expectedTokens: expected, seededEntries: 1) == [])
        #expect((final["messages"] as? [Any])?.count == (record["messages"] as? [Any])?.count)
        let sentToGood = await twilio.sentMessages().filter { $0.to == "whatsapp:" + good.user }
        let assistantTurns = (final["messages"] as? [[String: Any]] ?? []).dropFirst().filter { $0["role"] as? String == "assistant" }
        #expect(sentToGood.count == assistantTurns.count, "one send per batch")
        for party in [tenants.other, tenants.noAIConfig, tenants.wrongTypes] {
            let stored = try await inspect(party.user, party.conversationId, environment: environment)
            let text = "\(stored["messages"] ?? "")"
            #expect(text.range(of: #"bad\d+ "#, options: .regularExpression) == nil, "a refused request reached \(party.conversationId)")
        }
    }

    /// The record as `inspect` prints it.
    static func inspect(_ user: String, _ conversationId: String, environment: [String: String]) async throws -> [String: Any] {
        let json = try await EngineProcess.run(["inspect", user, conversationId], environment: environment)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }
}
