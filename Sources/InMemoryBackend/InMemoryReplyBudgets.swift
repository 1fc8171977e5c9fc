package import Foundation
import RepliesCore

/// ``ReplyBudgetCounters`` in memory (an actor: each consume is atomic).
package actor InMemoryReplyBudgets: ReplyBudgetCounters {
    private var counts: [String: Int] = [:]

    package init() {}

    package func consume(_ counter: String, limit: Int, expiresAt: Date) async throws -> Bool {
        let used = counts[counter] ?? 0
        guard used < limit else { return false }
        counts[counter] = used + 1
        return true
    }

    /// The count of one counter, for test assertions.
    package func count(_ counter: String) -> Int { counts[counter] ?? 0 }
}
