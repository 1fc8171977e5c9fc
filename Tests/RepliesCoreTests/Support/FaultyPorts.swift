import Foundation
import InMemoryBackend
import RepliesCore

/// The in-memory store behind a fault plan.
struct FaultyConversationStore: ConversationStore {
    let inner: InMemoryConversationStore
    let faults: Faults

    func findConversations(channel: Channel, companyNumber: String, userNumber: String) async throws -> [Conversation] {
        try faults.check(.find, .before)
        return try await inner.findConversations(channel: channel, companyNumber: companyNumber, userNumber: userNumber)
    }

    func credentialsReferences(channel: Channel, companyNumber: String, limit: Int) async throws -> [String] {
        try faults.check(.find, .before)
        return try await inner.credentialsReferences(channel: channel, companyNumber: companyNumber, limit: limit)
    }

    func conversation(_ key: ConversationKey) async throws -> Conversation? {
        try faults.check(.read, .before)
        return try await inner.conversation(key)
    }

    func acquireLease(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition {
        try faults.check(.acquireLease, .before)
        let result = try await inner.acquireLease(key, owner: owner, now: now, until: until)
        try faults.check(.acquireLease, .after)
        return result
    }

    func extendLease(_ key: ConversationKey, owner: String, until: Date) async throws -> Bool {
        try faults.check(.extendLease, .before)
        let result = try await inner.extendLease(key, owner: owner, until: until)
        try faults.check(.extendLease, .after)
        return result
    }

    func update(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        try faults.check(.update, .before, update)
        let result = try await inner.update(key, owner: owner, update)
        try faults.check(.update, .after, update)
        return result
    }

    func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        try faults.check(.updateAndRelease, .before, update)
        let result = try await inner.updateAndRelease(key, owner: owner, update)
        try faults.check(.updateAndRelease, .after, update)
        return result
    }

    func put(_ record: Record) async throws {
        try await inner.put(record)
    }

    func operatorUpdate(_ key: ConversationKey, _ update: ConversationUpdate, recordingSid: String?) async throws -> OperatorWrite {
        try await inner.operatorUpdate(key, update, recordingSid: recordingSid)
    }

    func compareAndSet(_ key: ConversationKey, attribute: String, expectedRevision: Int?, set: Record) async throws -> CompareAndSetResult {
        try await inner.compareAndSet(key, attribute: attribute, expectedRevision: expectedRevision, set: set)
    }
}

/// The in-memory stage behind a fault plan.
struct FaultyFragmentStage: FragmentStage {
    let inner: InMemoryFragmentStage
    let faults: Faults

    func stage(_ fragment: Fragment) async throws -> StageResult {
        try faults.check(.stage, .before)
        return try await inner.stage(fragment)
    }

    func pendingFragments(conversationId: String) async throws -> [Fragment] {
        try faults.check(.pendingFragments, .before)
        return try await inner.pendingFragments(conversationId: conversationId)
    }

    func markDone(conversationId: String, messageSids: [String], outcome: FragmentOutcome, retainUntil: Date) async throws {
        try faults.check(.markDone, .before)
        try await inner.markDone(conversationId: conversationId, messageSids: messageSids, outcome: outcome, retainUntil: retainUntil)
    }

    func updateMedia(conversationId: String, messageSid: String, media: [MediaItem]) async throws {
        try faults.check(.updateMedia, .before)
        try await inner.updateMedia(conversationId: conversationId, messageSid: messageSid, media: media)
    }

    func contains(messageSid: String, conversationIds: [String]) async throws -> Bool {
        try faults.check(.stage, .before)
        return try await inner.contains(messageSid: messageSid, conversationIds: conversationIds)
    }

    func conversationsToSweep(receivedBefore: Date, now: Date, limit: Int) async throws -> [PendingConversation] {
        try faults.check(.sweep, .before)
        return try await inner.conversationsToSweep(receivedBefore: receivedBefore, now: now, limit: limit)
    }

    func oldestPendingReceivedAt() async throws -> Date? {
        try await inner.oldestPendingReceivedAt()
    }

    func recordSweep(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws {
        try faults.check(.recordSweep, .before)
        try await inner.recordSweep(conversationId: conversationId, sweeps: sweeps, nextSweepAt: nextSweepAt)
    }

    func parkPendingFragments(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws {
        try await inner.parkPendingFragments(conversationId: conversationId, sweeps: sweeps, nextSweepAt: nextSweepAt)
    }
}

/// The in-memory history table behind a fault plan.
struct FaultyTurnArchive: TurnArchive {
    let inner: InMemoryTurnArchive
    let faults: Faults

    func archive(_ key: ConversationKey, _ turns: [ArchivedTurn]) async throws {
        try faults.check(.archive, .before)
        try await inner.archive(key, turns)
        try faults.check(.archive, .after)
    }

    func turns(_ key: ConversationKey, before position: Int, limit: Int) async throws -> [ArchivedTurn] {
        try faults.check(.archivedTurns, .before)
        return try await inner.turns(key, before: position, limit: limit)
    }
}

/// The in-memory queue behind a fault plan (enqueue only; consumption is the test's).
struct FaultyTriggerQueue: TriggerQueue {
    let inner: InMemoryTriggerQueue
    let faults: Faults

    func enqueue(_ trigger: Trigger, channel: Channel, delay: Duration) async throws {
        try faults.check(.enqueue, .before)
        try await inner.enqueue(trigger, channel: channel, delay: delay)
    }
}
