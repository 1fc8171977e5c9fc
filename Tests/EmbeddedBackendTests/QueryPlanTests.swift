@testable import EmbeddedBackend
import Foundation
import GRDB
import InMemoryBackend
import RepliesCore
import Testing

/// Statements that must find a conversation's rows by its key, whatever SQLite's planner would
/// prefer without statistics: read through `fragments_by_state`, a batch's cost grew with every
/// pending fragment of every other conversation.
@Suite struct QueryPlanTests {
    static func plan(_ backend: EmbeddedBackend, _ statement: String) async throws -> [String] {
        try await backend.database.transaction { sql in
            try sql.rows("EXPLAIN QUERY PLAN " + statement, [.text(Support.conversationId)]).compactMap { $0["detail"] as String? }
        }
    }

    @Test(arguments: [SQLiteFragmentStage.pendingOfConversation, SQLiteFragmentStage.parkConversation])
    func aConversationsPendingFragmentsAreFoundByItsKey(statement: String) async throws {
        try await Support.withBackend { backend, clock in
            // Pending fragments elsewhere, as during a burst: the planner must still pick the key.
            for index in 0..<50 {
                var fragment = Support.fragment("SM\(index)", at: clock.now())
                fragment.conversationId = "other-\(index)"
                _ = try await backend.stage.stage(fragment)
            }
            let plan = try await Self.plan(backend, statement)
            #expect(plan.contains { $0.contains("USING PRIMARY KEY (conversation_id=?)") }, "\(plan)")
            #expect(!plan.contains { $0.contains("fragments_by_state") }, "\(plan)")
        }
    }

    @Test func pendingFragmentsStillComeInTheirOrder() async throws {
        try await Support.withBackend { backend, clock in
            let start = clock.now()
            for (sid, offset) in [("SMc", 2.0), ("SMa", 0.0), ("SMb", 1.0), ("SMd", 1.0)] {
                _ = try await backend.stage.stage(Support.fragment(sid, at: start.addingTimeInterval(offset)))
            }
            try await backend.stage.markDone(conversationId: Support.conversationId, messageSids: ["SMd"], outcome: .answered, retainUntil: start.addingTimeInterval(60))
            let pending = try await backend.stage.pendingFragments(conversationId: Support.conversationId)
            #expect(pending.map(\.messageSid) == ["SMa", "SMb", "SMc"])
        }
    }
}
