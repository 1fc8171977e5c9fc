package import Foundation

/// Steps of a batch that a backend can commit together because its stores share one database
/// (the embedded backend's SQLite file). Without it (`EnginePorts.batchCommits == nil`: DynamoDB,
/// whose tables are written by separate calls) the worker runs the same steps one after the
/// other, which the guarantees also allow; with it each pair costs one durable commit instead
/// of two. docs/RELIABILITY.md ("Commits per batch") has the argument.
package protocol BatchCommits: Sendable {
    /// ``ConversationStore/acquireLease(_:owner:now:until:)`` and, only when the lease is
    /// acquired, ``TriggerLocks/release(conversationId:)`` of the same conversation.
    func acquireLeaseReleasingTriggerLock(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition

    /// ``ConversationStore/updateAndRelease(_:owner:_:)`` and, only when it wrote,
    /// ``FragmentStage/markDone(conversationId:messageSids:outcome:retainUntil:)`` of `done`.
    func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate, markingDone done: FragmentsDone) async throws -> Bool
}

/// A webhook's writes in one commit, where the stage, the trigger locks and the trigger queue
/// share one database (`EnginePorts.ingestCommits`; it must write to `EnginePorts.queue`'s queue).
package protocol IngestCommits: Sendable {
    /// ``FragmentStage/stage(_:)`` and, unless the fragment was already done, what
    /// ``BatchScheduler/schedule(_:channel:delay:)`` does (the trigger lock until
    /// `lockExpiresAt`, and when it was free a trigger due after `delay`) — all or nothing.
    func stageAndSchedule(_ fragment: Fragment, key: ConversationKey, channel: Channel, now: Date, delay: Duration, lockExpiresAt: Date) async throws -> StageResult
}

/// Fragments a batch's final write marks done.
package struct FragmentsDone: Sendable, Hashable {
    package var conversationId: String
    package var messageSids: [String]
    package var outcome: FragmentOutcome
    package var retainUntil: Date

    package init(conversationId: String, messageSids: [String], outcome: FragmentOutcome, retainUntil: Date) {
        self.conversationId = conversationId
        self.messageSids = messageSids
        self.outcome = outcome
        self.retainUntil = retainUntil
    }
}
