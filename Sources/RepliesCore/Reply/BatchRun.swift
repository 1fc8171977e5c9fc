import Foundation
import Logging

/// One run of ``BatchProcessor`` on one conversation, holding the lease. Every exit path
/// either completes the batch in one conditional write or releases the lease.
final class BatchRun {
    let ports: EnginePorts
    let settings: EngineSettings
    let logger: Logger
    let scheduler: BatchScheduler
    /// The record as the lease found it; a compaction at the start of the run updates its tail.
    var conversation: Conversation
    let owner: String
    let started: Date
    let attempt: Int
    let channel: Channel

    /// The batch being handled, once known: its fragments' SIDs and merged user turn.
    var batchSids: [String] = []
    var userTurn: MessageEntry?
    /// The batch's fragments in receive order (their media is resolved just before the model call).
    var fragments: [Fragment] = []
    var lastReceivedAt: Date?
    /// E-mail: the newest message of the batch, which the reply answers and threads under.
    var replyThread: EmailThread?
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
    var batchId: String { handbackBatchId ?? BatchId.of(batchSids) }
    /// A hand-back batch (no fragments: it answers turns the record already holds) names itself.
    var handbackBatchId: String?
    /// How many of the record's newest turns a hand-back batch answers (they are its user turn,
    /// so they leave the history it sends).
    var handbackTurns = 0

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
        // Released before reading: a fragment staged from now on schedules a new batch. With
        // ``BatchCommits`` the lease's own write already released it.
        if ports.batchCommits == nil { try await ports.locks.release(conversationId: key.conversationId) }
        var fragments = try await ports.stage.pendingFragments(conversationId: key.conversationId)

        // Answered by the last batch, whose cleanup was interrupted: clean up, never answer again.
        let answered = conversation.lastAnsweredFragmentSids
        let leftovers = fragments.filter { answered.contains($0.messageSid) }.map(\.messageSid)
        if !leftovers.isEmpty {
            try await markDone(leftovers, .answered)
            fragments.removeAll { answered.contains($0.messageSid) }
        }

        // Before anything is appended: the record must have room for this batch's turns.
        guard try await compactIfNeeded(before: fragments) else { return lostLease("moving old turns to the history table") }

        if let interrupted = conversation.pendingReply {
            return try await resume(interrupted, fragments: fragments)
        }
        guard !fragments.isEmpty else {
            if conversation.handbackReplyDue && !conversation.handOffToHuman { return try await answerAfterHandback() }
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
        case .recordOnly:
            return try await recordWithoutReply(status: restoredStatus, outcome: .recorded, notice: nil, detail: nil, extra: [:])
        case .reply(let optIn):
            return try await reply(optIn: optIn)
        }
    }

    // MARK: - Batch bookkeeping

    var now: Date { ports.clock.now() }

    func adopt(_ fragments: [Fragment]) {
        let ordered = fragments.sorted(by: Fragment.receiveOrder)
        self.fragments = ordered
        batchSids = ordered.map(\.messageSid)
        lastReceivedAt = ordered.last?.receivedAt
        userTurn = userTurn(of: ordered)
        replyThread = Self.replyThread(of: ordered)
    }

    /// The merged user turn of a batch's fragments; also rebuilds it when a batch is resumed
    /// (`pending_reply` keeps only a bounded copy).
    func userTurn(of fragments: [Fragment]) -> MessageEntry? {
        let ordered = fragments.sorted(by: Fragment.receiveOrder)
        guard let first = ordered.first else { return nil }
        return MessageEntry(
            messageId: first.messageSid, timestamp: Timestamp.format(first.receivedAt), role: .user,
            content: TurnMerger.merge(ordered, settings: settings))
    }

    /// Entries as the record keeps them: each cut to ``EngineSettings/recordTurnMaxBytes``.
    func recordable(_ entries: [MessageEntry]) -> [MessageEntry] {
        entries.map { $0.cut(toBytes: settings.recordTurnMaxBytes) }
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
        // An auto-reply's subject ("Automatic reply: …") is not the conversation's.
        if let thread = replyThread, !thread.isAutomatic, !thread.subject.isEmpty {
            set[ConversationAttribute.emailSubject] = .string(thread.subject)
        }
        return set
    }

    func markDone(_ sids: [String], _ outcome: FragmentOutcome) async throws {
        guard !sids.isEmpty else { return }
        try await ports.stage.markDone(
            conversationId: key.conversationId, messageSids: sids, outcome: outcome, retainUntil: settings.doneRetainUntil(from: now))
    }

    /// The batch's final conditional write, which releases the lease, then its fragments marked
    /// done — in one commit where the backend can (``BatchCommits``). False (nothing written,
    /// nothing marked) when the lease was lost. Once it wrote, ``recorded`` is set: only the
    /// clean-up can still fail, and the next batch finishes it (`lastAnsweredFragmentSids`).
    func complete(_ update: ConversationUpdate, markingDone sids: [String], _ outcome: FragmentOutcome) async throws -> Bool {
        if let commits = ports.batchCommits {
            let done = FragmentsDone(
                conversationId: key.conversationId, messageSids: sids, outcome: outcome, retainUntil: settings.doneRetainUntil(from: now))
            guard try await commits.updateAndRelease(key, owner: owner, update, markingDone: done) else { return false }
            recorded = true
            return true
        }
        guard try await ports.conversations.updateAndRelease(key, owner: owner, update) else { return false }
        recorded = true
        try await markDone(sids, outcome)
        return true
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
                messageSids: batchSids, batchId: batchId, createdAt: now
            ).linked(to: settings.consoleURL))
        EngineMetrics.handoff(reason)
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
        var remove = ConversationUpdate.leaseAttributes
        if conversation.handbackReplyDue && status == ConversationStatus.handedOff {
            remove.append(ConversationAttribute.handbackReplyDue)
        }
        let handedOffAt = status == ConversationStatus.handedOff ? markHandedOff(&set) : nil
        let written = try await complete(
            ConversationUpdate(set: set, appendMessages: recordable(userTurn.map { [$0] } ?? []), remove: remove),
            markingDone: batchSids, outcome)
        guard written else { return lostLease("recording the \(outcome.rawValue) batch") }
        if let handedOffAt { await mirrorHandoff(at: handedOffAt) }
        return .done(outcome.rawValue)
    }

    func lostLease(_ step: String) -> BatchOutcome {
        EngineMetrics.leaseConflict(.lost)
        return .retry(after: settings.retryDelay(attempt: attempt), reason: "reply lease lost before \(step)")
    }

    func assistantTurn(for pending: PendingReply, content: String) -> MessageEntry {
        MessageEntry(
            messageId: pending.sentSids.first ?? "", timestamp: Timestamp.format(now), role: .assistant,
            content: content, tokens: pending.reply.usage)
    }
}
