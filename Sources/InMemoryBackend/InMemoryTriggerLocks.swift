import Foundation
import RepliesCore

/// ``TriggerLocks`` in memory; expired locks count as free even before anyone deletes them.
public actor InMemoryTriggerLocks: TriggerLocks {
    private var locks: [String: Date] = [:]

    public init() {}

    public func acquire(conversationId: String, now: Date, expiresAt: Date) async throws -> Bool {
        if let held = locks[conversationId], held > now { return false }
        locks[conversationId] = expiresAt
        return true
    }

    public func release(conversationId: String) async throws {
        locks.removeValue(forKey: conversationId)
    }

    public func isHeld(_ conversationId: String, at now: Date) -> Bool {
        locks[conversationId].map { $0 > now } ?? false
    }
}
