package import Foundation

/// Counters behind the reply budgets (per conversation, per company), shared by every worker.
///
/// A counter is named by its scope *and* its fixed window (`conversation:c1:hour:493921`), so a
/// new window starts a new counter; `expiresAt` only lets the store delete spent windows.
///
/// ```swift
/// let counted = try await budgets.consume("conversation:c1:hour:493921", limit: 20, expiresAt: windowEnd)
/// ```
package protocol ReplyBudgetCounters: Sendable {
    /// Adds one to the counter unless it already reached `limit`, atomically across workers and
    /// processes. True when counted; false when the budget is spent (nothing is changed then).
    func consume(_ counter: String, limit: Int, expiresAt: Date) async throws -> Bool

    /// ``consume(_:limit:expiresAt:)`` for each of `counts` in order, stopping at the first
    /// budget that is spent: its index, or nil when every one counted. Those before it keep
    /// their unit. A backend may count them all in one commit.
    func consume(inOrder counts: [BudgetCount]) async throws -> Int?
}

/// One unit to count against a budget's counter.
package struct BudgetCount: Sendable, Hashable {
    package var counter: String
    package var limit: Int
    package var expiresAt: Date

    package init(counter: String, limit: Int, expiresAt: Date) {
        self.counter = counter
        self.limit = limit
        self.expiresAt = expiresAt
    }
}

extension ReplyBudgetCounters {
    /// One ``consume(_:limit:expiresAt:)`` after the other.
    package func consume(inOrder counts: [BudgetCount]) async throws -> Int? {
        for (index, count) in counts.enumerated() where !(try await consume(count.counter, limit: count.limit, expiresAt: count.expiresAt)) {
            return index
        }
        return nil
    }
}
