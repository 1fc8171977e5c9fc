package import Foundation

/// Per-conversation trigger locks (`LOCK_TABLE`): at most one scheduled trigger per window.
package protocol TriggerLocks: Sendable {
    /// Takes the lock when absent or expired (`expiresAt` ≤ `now`, even if not yet deleted).
    func acquire(conversationId: String, now: Date, expiresAt: Date) async throws -> Bool
    func release(conversationId: String) async throws
}
