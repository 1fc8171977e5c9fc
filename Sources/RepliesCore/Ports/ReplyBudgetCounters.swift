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
}
