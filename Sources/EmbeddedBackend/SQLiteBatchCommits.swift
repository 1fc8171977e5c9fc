package import Foundation
package import RepliesCore

/// ``BatchCommits`` and ``IngestCommits`` on the embedded database: the conversation, its trigger lock, its fragments
/// and the delay queue live in one SQLite file, so the lease and the lock's release, the final
/// write and the fragments' clean-up, and a webhook's stage, lock and trigger are each one
/// transaction — one `fsync` (and one trip to the writer's thread) instead of two or three.
///
/// ```swift
/// ports.batchCommits = backend.batchCommits
/// ports.ingestCommits = backend.batchCommits   // with ports.queue = backend.queue
/// ```
package struct SQLiteBatchCommits: BatchCommits, IngestCommits {
    let database: EmbeddedDatabase
    let queue: SQLiteDelayQueue

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

    package func stageAndSchedule(
        _ fragment: Fragment, key: ConversationKey, channel: Channel, now: Date, delay: Duration, lockExpiresAt: Date
    ) async throws -> StageResult {
        let row = try SQLiteFragmentStage.StagedRow(fragment)
        let trigger = Trigger(key)
        let (staged, enqueued) = try await database.transaction { sql in
            let staged = try SQLiteFragmentStage.stage(row, sql)
            // A pending duplicate schedules again: its first attempt may not have committed.
            guard staged != .alreadyDone,
                  try SQLiteTriggerLocks.acquire(conversationId: key.conversationId, now: now, expiresAt: lockExpiresAt, sql)
            else { return (staged, false) }
            try SQLiteDelayQueue.enqueue(trigger, channel: channel, now: EpochMillis.of(now), delay: delay, sql)
            return (staged, true)
        }
        if enqueued { await queue.wake(visibleAt: EpochMillis.of(now) + delay.wholeMilliseconds) }
        return staged
    }
}
