import Foundation
import RepliesCore
import Testing

/// The guarantees over a whole run, checked from the outside: every inbound message ends in
/// exactly one recorded user turn (answered or handed off), and no batch is sent twice.
enum Invariants {
    /// - Parameter inbound: every SID the test delivered, with its (unique) body.
    static func check(
        _ engine: TestEngine, inbound: [String: String], key: ConversationKey = Fixture.key,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let entries = try await engine.newEntries(key)
        let userTurns = entries.filter { $0.string("role") == "user" }
        let assistantTurns = entries.filter { $0.string("role") == "assistant" }
        let outcomes = await engine.outcomes(key.conversationId)

        for (sid, body) in inbound {
            let containing = userTurns.filter { ($0.string("content") ?? "").components(separatedBy: "\n").contains(body) }
            #expect(containing.count == 1, "message \(sid) is in \(containing.count) user turns", sourceLocation: sourceLocation)
            let outcome = outcomes[sid] ?? nil
            #expect(
                outcome == .answered || outcome == .handedOff || outcome == .optedOut, "message \(sid) ended as \(String(describing: outcome))",
                sourceLocation: sourceLocation)
        }

        // One send per batch: every sent message appears in exactly one assistant turn, no body
        // (the scripted replies are unique) went out twice, and no user turn is recorded twice.
        let delivered = await engine.sender.delivered
        let bodies = delivered.map(\.message.body)
        #expect(Set(bodies).count == bodies.count, "a reply was sent twice: \(bodies)", sourceLocation: sourceLocation)
        let recordedSids = assistantTurns.compactMap { $0.string("message_id") }
        #expect(Set(recordedSids).count == recordedSids.count, "an assistant turn was recorded twice", sourceLocation: sourceLocation)
        for sent in delivered {
            let body = sent.message.body
            // A part of a split reply is inside its turn's content; a whole reply is the content.
            let recorded = assistantTurns.filter { turn in
                let content = turn.string("content") ?? ""
                return content == body || (content.utf16.count > 1600 && content.contains(body))
            }
            #expect(recorded.count == 1, "sent message \(sent.sent.sid) is in \(recorded.count) assistant turns", sourceLocation: sourceLocation)
        }
        let firstSids = userTurns.compactMap { $0.string("message_id") }
        #expect(Set(firstSids).count == firstSids.count, "a user turn was recorded twice", sourceLocation: sourceLocation)

        // Nothing left behind: no lease, no pending reply.
        let record = try await engine.record(key)
        #expect(record[ConversationAttribute.leaseOwner] == nil, sourceLocation: sourceLocation)
        #expect(record[ConversationAttribute.pendingReply] == nil, sourceLocation: sourceLocation)
        #expect(record.string("conversation_status") != ConversationStatus.processingReply, sourceLocation: sourceLocation)
    }
}
