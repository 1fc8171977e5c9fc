package import Foundation
import RepliesCore

/// ``TriggerLocks`` in memory; expired locks count as free even before anyone deletes them.
package actor InMemoryTriggerLocks: TriggerLocks {
    private var locks: [String: Date] = [:]

    package init() {}

    package func acquire(conversationId: String, now: Date, expiresAt: Date) async throws -> Bool {
        if let held = locks[conversationId], held > now { return false }
        locks[conversationId] = expiresAt
        return true
    }

    package func release(conversationId: String) async throws {
        locks.removeValue(forKey: conversationId)
    }

    package func isHeld(_ conversationId: String, at now: Date) -> Bool {
        locks[conversationId].map { $0 > now } ?? false
    }
}
