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
    /// What a webhook's transaction reads (their decoded-record caches are shared with the stores').
    let conversations: SQLiteConversationStore
    let companies: SQLiteCompanyDirectory

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
        let (staged, enqueued) = try await database.transaction { sql in
            try Self.stageAndSchedule(row, key: key, channel: channel, now: now, delay: delay, lockExpiresAt: lockExpiresAt, sql)
        }
        if enqueued { await queue.wake(visibleAt: EpochMillis.of(now) + delay.wholeMilliseconds) }
        return staged
    }

    /// One transaction on the writer for the whole webhook: its lookups run on the writer's
    /// connection, whose page cache its own commits keep valid (a read-only connection's cache is
    /// emptied by every commit, so each lookup there read its pages from the file again), and
    /// inside the group commit the stage joins anyway — no read transaction of their own.
    package func lookUpAndStage(
        channel: Channel, companyNumber: String, userNumber: String, now: Date, delay: Duration, lockExpiresAt: Date,
        plan: @escaping @Sendable ([Conversation], any IngestReads) throws -> IngestPlan
    ) async throws -> IngestPlanResult {
        let conversations = conversations
        let companies = companies
        let (result, enqueued) = try await database.transaction { sql -> (IngestPlanResult, Bool) in
            let candidates = try conversations.findConversations(
                channel: channel, companyNumber: companyNumber, userNumber: userNumber, sql)
            switch try plan(candidates, WriterReads(sql: sql, companies: companies)) {
            case .answer(let outcome):
                return (.answered(outcome), false)
            case .verifyOwnSecret:
                return (.verifyOwnSecret, false)
            case .stage(let fragment, let key):
                let (staged, enqueued) = try Self.stageAndSchedule(
                    try SQLiteFragmentStage.StagedRow(fragment), key: key, channel: channel, now: now, delay: delay,
                    lockExpiresAt: lockExpiresAt, sql)
                return (.staged(staged), enqueued)
            }
        }
        if enqueued { await queue.wake(visibleAt: EpochMillis.of(now) + delay.wholeMilliseconds) }
        return result
    }

    /// Stage, lock and trigger inside the caller's transaction; whether a trigger was enqueued.
    private static func stageAndSchedule(
        _ row: SQLiteFragmentStage.StagedRow, key: ConversationKey, channel: Channel, now: Date, delay: Duration, lockExpiresAt: Date,
        _ sql: SQLSession
    ) throws -> (StageResult, Bool) {
        let staged = try SQLiteFragmentStage.stage(row, sql)
        // A pending duplicate schedules again: its first attempt may not have committed.
        guard staged != .alreadyDone,
              try SQLiteTriggerLocks.acquire(conversationId: key.conversationId, now: now, expiresAt: lockExpiresAt, sql)
        else { return (staged, false) }
        try SQLiteDelayQueue.enqueue(Trigger(key), channel: channel, now: EpochMillis.of(now), delay: delay, sql)
        return (staged, true)
    }
}

/// What a webhook's plan reads, on the writer inside its transaction.
private struct WriterReads: IngestReads {
    let sql: SQLSession
    let companies: SQLiteCompanyDirectory

    func company(companyId: String, projectId: String) throws -> Record? {
        try companies.company(companyId: companyId, projectId: projectId, sql)
    }

    func contains(messageSid: String, conversationIds: [String]) throws -> Bool {
        try SQLiteFragmentStage.contains(messageSid: messageSid, conversationIds: conversationIds, sql)
    }
}
