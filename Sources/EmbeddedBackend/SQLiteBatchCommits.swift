package import Foundation
package import RepliesCore

/// ``BatchCommits`` on the embedded database: the conversation, its trigger lock and its
/// fragments live in one SQLite file, so the lease and the lock's release, and the final write
/// and the fragments' clean-up, are each one transaction — one `fsync` instead of two.
///
/// ```swift
/// ports.batchCommits = backend.batchCommits
/// ```
package struct SQLiteBatchCommits: BatchCommits {
    let database: EmbeddedDatabase

    package func acquireLeaseReleasingTriggerLock(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition {
        try await database.transaction { sql in
            let acquisition = try SQLiteConversationStore.acquireLease(key, owner: owner, now: now, until: until, sql)
            if case .acquired = acquisition { try SQLiteTriggerLocks.release(conversationId: key.conversationId, sql) }
            return acquisition
        }
    }

    package func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate, markingDone done: FragmentsDone) async throws -> Bool {
        let change = try SQLiteConversationStore.releasing(update)
        return try await database.transaction { sql in
            guard try SQLiteConversationStore.conditionalWrite(key, owner: owner, { try StoredConversation.apply(change, to: $0) }, sql) else {
                return false
            }
            try SQLiteFragmentStage.markDone(done, sql)
            return true
        }
    }
}
