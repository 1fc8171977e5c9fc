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

    /// A whole webhook in one transaction: the pair's conversations (as
    /// ``ConversationStore/findConversations(channel:companyNumber:userNumber:)`` of
    /// `EnginePorts.conversations`) handed to `plan`, which may read through ``IngestReads``,
    /// then — when `plan` says ``IngestPlan/stage(_:_:)`` — what ``stageAndSchedule(_:key:channel:now:delay:lockExpiresAt:)``
    /// writes. The embedded backend reads on its writer's connection here, whose cache every
    /// commit leaves warm, instead of a read-only connection whose cache every commit empties.
    func lookUpAndStage(
        channel: Channel, companyNumber: String, userNumber: String, now: Date, delay: Duration, lockExpiresAt: Date,
        plan: @escaping @Sendable ([Conversation], any IngestReads) throws -> IngestPlan
    ) async throws -> IngestPlanResult
}

/// What ``IngestCommits/lookUpAndStage(channel:companyNumber:userNumber:now:delay:lockExpiresAt:plan:)``'s
/// plan may read, inside its transaction.
package protocol IngestReads {
    /// ``CompanyDirectory/company(companyId:projectId:)`` of `EnginePorts.companies`.
    func company(companyId: String, projectId: String) throws -> Record?
    /// ``FragmentStage/contains(messageSid:conversationIds:)``.
    func contains(messageSid: String, conversationIds: [String]) throws -> Bool
}

/// What to do with a webhook once its conversations are known.
package enum IngestPlan: Sendable {
    /// Stage this fragment in that conversation and schedule its batch, in the same transaction.
    case stage(Fragment, ConversationKey)
    /// Answer without writing anything.
    case answer(IngestOutcome)
    /// The conversation's own secret must be checked first (which may read a secret: not inside a
    /// transaction). Nothing is written; the caller takes the step-by-step path.
    case verifyOwnSecret
}

/// How ``IngestCommits/lookUpAndStage(channel:companyNumber:userNumber:now:delay:lockExpiresAt:plan:)`` ended.
package enum IngestPlanResult: Sendable, Hashable {
    case staged(StageResult)
    case answered(IngestOutcome)
    case verifyOwnSecret
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
