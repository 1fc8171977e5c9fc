import Foundation
import Logging

/// One run of ``BatchProcessor`` on one conversation, holding the lease. Every exit path
/// either completes the batch in one conditional write or releases the lease.
final class BatchRun {
    let ports: EnginePorts
    let settings: EngineSettings
    let logger: Logger
    let scheduler: BatchScheduler
    let conversation: Conversation
    let owner: String
    let started: Date
    let attempt: Int
    let channel: Channel

    /// The batch being handled, once known: its fragments' SIDs and merged user turn.
    var batchSids: [String] = []
    var userTurn: MessageEntry?
    var lastReceivedAt: Date?
    /// The reply being delivered, once persisted.
    var pending: PendingReply?
    /// Set once the batch's final write succeeded: only the fragment cleanup can still fail.
    var recorded = false
    /// Pending fragments left for the next batch by ``EngineSettings/maxFragmentsPerBatch``.
    var waiting = 0

    init(processor: BatchProcessor, conversation: Conversation, owner: String, started: Date, attempt: Int, channel: Channel) {
        self.ports = processor.ports
        self.settings = processor.settings
        self.logger = processor.logger
        self.scheduler = processor.scheduler
        self.conversation = conversation
        self.owner = owner
        self.started = started
        self.attempt = attempt
        self.channel = channel
    }

    var key: ConversationKey { conversation.key }
    var batchId: String { BatchId.of(batchSids) }

    func execute() async -> BatchOutcome {
        let outcome: BatchOutcome
        do {
            outcome = try await executeSteps()
        } catch {
            return await handleFailure(error, during: "processing")
        }
        return await scheduleWaiting(after: outcome)
    }

    private func executeSteps() async throws -> BatchOutcome {
        // Released before reading: a fragment staged from now on schedules a new batch.
        try await ports.locks.release(conversationId: key.conversationId)
        var fragments = try await ports.stage.pendingFragments(conversationId: key.conversationId)

        // Answered by the last batch, whose cleanup was interrupted: clean up, never answer again.
        let answered = conversation.lastAnsweredFragmentSids
        let leftovers = fragments.filter { answered.contains($0.messageSid) }.map(\.messageSid)
        if !leftovers.isEmpty {
            try await markDone(leftovers, .answered)
            fragments.removeAll { answered.contains($0.messageSid) }
        }

        if let interrupted = conversation.pendingReply {
            return try await resume(interrupted, fragments: fragments)
        }
        guard !fragments.isEmpty else {
            try await release(status: restoredStatus)
            return .done("empty")
        }
        if let wait = debounceWait(fragments) {
            try await release(status: restoredStatus)
            return .retry(after: wait, reason: "debounce: the user is still typing")
        }

        let batch = BatchCaps.take(fragments, settings: settings)
        waiting = fragments.count - batch.count
        fragments = batch
        adopt(fragments)
        switch BatchRules.disposition(for: conversation, fragments: fragments, settings: settings) {
        case .optOut:
            return try await recordWithoutReply(
                status: ConversationStatus.optedOut, outcome: .optedOut, notice: .optOut, detail: nil,
                extra: [ConversationAttribute.optedOut: .bool(true), ConversationAttribute.optedOutAt: .string(Timestamp.format(now))])
        case .afterOptOut:
            return try await recordWithoutReply(
                status: ConversationStatus.optedOut, outcome: .optedOut, notice: .messageAfterOptOut, detail: nil, extra: [:])
        case .handoff(let reason, let detail):
            // An opt-in keyword still counts when a human owns the conversation.
            let optIn = BatchRules.isOptIn(conversation: conversation, fragments: fragments, settings: settings)
            return try await recordWithoutReply(
                status: ConversationStatus.handedOff, outcome: .handedOff, notice: reason, detail: detail,
                extra: optIn ? [ConversationAttribute.optedOut: .bool(false)] : [:])
        case .reply(let optIn):
            return try await reply(optIn: optIn)
        }
    }

    // MARK: - Batch bookkeeping

    var now: Date { ports.clock.now() }

    func adopt(_ fragments: [Fragment]) {
        let ordered = fragments.sorted(by: Fragment.receiveOrder)
        batchSids = ordered.map(\.messageSid)
        lastReceivedAt = ordered.last?.receivedAt
        if let first = ordered.first {
            userTurn = MessageEntry(
                messageId: first.messageSid, timestamp: Timestamp.format(first.receivedAt), role: .user,
                content: TurnMerger.merge(ordered, settings: settings))
        }
    }

    /// Status to put back when a run ends without doing anything.
    var restoredStatus: String {
        guard let status = conversation.status, status != ConversationStatus.processingReply else { return ConversationStatus.retry }
        return status
    }

    /// Debounce: wait while the newest fragment is younger than the quiet period, up to the max wait.
    func debounceWait(_ fragments: [Fragment]) -> Duration? {
        guard settings.quietPeriod > .zero,
              let newest = fragments.map(\.receivedAt).max(), let oldest = fragments.map(\.receivedAt).min()
        else { return nil }
        let current = now
        let quietUntil = newest.adding(settings.quietPeriod)
        guard current < quietUntil, current < oldest.adding(settings.maxBatchWait) else { return nil }
        return max(.milliseconds(100), .interval(quietUntil.timeIntervalSince(current)))
    }

    /// Attributes every completed batch sets.
    func completionAttributes(status: String) -> Record {
        var set: Record = [
            ConversationAttribute.status: .string(status),
            ConversationAttribute.updatedAt: .string(Timestamp.format(now)),
            ConversationAttribute.lastReplyBatch: .map([
                "batch_id": .string(batchId),
                "fragment_sids": .list(batchSids.map(RecordValue.string)),
                "completed_at": .string(Timestamp.format(now)),
            ]),
        ]
        if let lastReceivedAt { set[ConversationAttribute.lastInboundAt] = .string(Timestamp.format(lastReceivedAt)) }
        return set
    }

    func markDone(_ sids: [String], _ outcome: FragmentOutcome) async throws {
        guard !sids.isEmpty else { return }
        try await ports.stage.markDone(
            conversationId: key.conversationId, messageSids: sids, outcome: outcome, retainUntil: settings.doneRetainUntil(from: now))
    }

    func release(status: String) async throws {
        _ = try await ports.conversations.updateAndRelease(
            key, owner: owner,
            ConversationUpdate(
                set: [ConversationAttribute.status: .string(status), ConversationAttribute.updatedAt: .string(Timestamp.format(now))],
                remove: ConversationUpdate.leaseAttributes))
    }

    func notify(_ reason: HandoffNotice.Reason, detail: String?) async throws {
        try await ports.handoff.notify(
            HandoffNotice(
                reason: reason, detail: detail, conversation: conversation, channel: channel,
                messageSids: batchSids, batchId: batchId, createdAt: now))
    }

    /// Opt-out, messages after opt-out and handoffs: the user turn is kept, a human is told
    /// (before the record changes, so a crash repeats the notice rather than losing it) — unless
    /// `notice` is nil because a human was already told (a paused reply budget).
    func recordWithoutReply(
        status: String, outcome: FragmentOutcome, notice: HandoffNotice.Reason?, detail: String?, extra: Record
    ) async throws -> BatchOutcome {
        if let notice { try await notify(notice, detail: detail) }
        var set = completionAttributes(status: status)
        set.merge(extra) { _, new in new }
        let written = try await ports.conversations.updateAndRelease(
            key, owner: owner,
            ConversationUpdate(set: set, appendMessages: userTurn.map { [$0] } ?? [], remove: ConversationUpdate.leaseAttributes))
        guard written else { return lostLease("recording the \(outcome.rawValue) batch") }
        recorded = true
        try await markDone(batchSids, outcome)
        return .done(outcome.rawValue)
    }

    func lostLease(_ step: String) -> BatchOutcome {
        .retry(after: settings.retryDelay(attempt: attempt), reason: "reply lease lost before \(step)")
    }

    // MARK: - Failures

    /// Transient failures are retried with backoff; permanent ones, and transient ones that
    /// used up their attempts, are reported to a human and recorded: never silence.
    func handleFailure(_ error: any Error, during step: String) async -> BatchOutcome {
        let reason = "\(step): \(error)"
        // Already answered and recorded: the next run cleans up (last_reply_batch); no human is needed.
        if recorded { return .retry(after: settings.retryDelay(attempt: attempt), reason: reason) }
        if case .transient(let suggested) = RetryDisposition.of(error), attempt < settings.maxAttempts {
            try? await release(status: ConversationStatus.retry)
            return .retry(after: settings.retryDelay(attempt: attempt, suggested: suggested), reason: reason)
        }
        do {
            return try await failPermanently(reason)
        } catch {
            try? await release(status: ConversationStatus.retry)
            return .deadLetter(reason: "\(reason); reporting it failed too: \(error)")
        }
    }

    func failPermanently(_ reason: String) async throws -> BatchOutcome {
        guard !batchSids.isEmpty else {
            try await release(status: restoredStatus)
            return .deadLetter(reason: reason)
        }
        try await notify(.replyFailed, detail: String(reason.prefix(300)))
        var set = completionAttributes(status: ConversationStatus.replyFailed)
        set[ConversationAttribute.replyFailureReason] = .string(String(reason.prefix(300)))
        var entries = userTurn.map { [$0] } ?? []
        if let pending, !pending.sentSids.isEmpty {
            entries.append(assistantTurn(for: pending, content: pending.parts.prefix(pending.sentSids.count).joined(separator: "\n")))
        }
        let written = try await ports.conversations.updateAndRelease(
            key, owner: owner,
            ConversationUpdate(
                set: set, appendMessages: entries,
                remove: ConversationUpdate.leaseAttributes + [ConversationAttribute.pendingReply]))
        guard written else { return lostLease("recording the failure") }
        recorded = true
        try await markDone(batchSids, .failed)
        return .deadLetter(reason: reason)
    }

    func assistantTurn(for pending: PendingReply, content: String) -> MessageEntry {
        MessageEntry(
            messageId: pending.sentSids.first ?? "", timestamp: Timestamp.format(now), role: .assistant,
            content: content, tokens: pending.reply.usage)
    }
}
