import Foundation
package import Logging

/// Re-schedules conversations whose fragments have waited far longer than a batch should
/// (their trigger was lost, e.g. the queue send failed after staging and Twilio did not retry;
/// or their batch failed in a way it could not record). Scheduling is idempotent, so sweeping a
/// conversation that is in flight is harmless.
///
/// Every re-schedule is remembered per conversation and backs it off (``EngineSettings/sweepDelay(after:)``),
/// so a conversation that keeps failing costs a model call only now and then and never takes
/// the places of the others in a pass. After ``EngineSettings/sweepMaxAttempts`` re-schedules
/// the sweeper gives up: a human is told (`reply_failed`) and the fragments are parked, still
/// staged, so a later batch of the conversation answers them.
package struct PendingSweeper: Sendable {
    let stage: any FragmentStage
    let conversations: any ConversationStore
    let handoff: any HandoffNotifier
    let scheduler: BatchScheduler
    let clock: any WallClock
    let settings: EngineSettings
    let logger: Logger

    package init(ports: EnginePorts, settings: EngineSettings, logger: Logger) {
        self.stage = ports.stage
        self.conversations = ports.conversations
        self.handoff = ports.handoff
        self.scheduler = BatchScheduler(locks: ports.locks, queue: ports.queue, clock: ports.clock, settings: settings)
        self.clock = ports.clock
        self.settings = settings
        self.logger = logger
    }

    /// One pass; returns how many conversations were re-scheduled.
    @discardableResult
    package func sweepOnce(limit: Int = 100) async -> Int {
        let now = clock.now()
        await recordOldestPending(now: now)
        let cutoff = now.addingTimeInterval(-(max(settings.batchWindow, settings.emailBatchWindow) + settings.sweepGrace).timeInterval)
        let due: [PendingConversation]
        do {
            due = try await stage.conversationsToSweep(receivedBefore: cutoff, now: now, limit: limit)
        } catch {
            logger.error("sweeping pending fragments failed", metadata: ["error": "\(error)"])
            return 0
        }
        var scheduled = 0
        for pending in due {
            do {
                if pending.sweeps >= settings.sweepMaxAttempts {
                    try await giveUp(pending, now: now)
                } else if try await scheduler.schedule(pending.key, channel: pending.channel, delay: .zero) {
                    let sweeps = pending.sweeps + 1
                    try await stage.recordSweep(
                        conversationId: pending.key.conversationId, sweeps: sweeps, nextSweepAt: now.adding(settings.sweepDelay(after: sweeps)))
                    scheduled += 1
                }
            } catch {
                // One conversation's failure must not end the pass: the others still get their turn.
                logger.error("re-scheduling a stale conversation failed", metadata: [
                    "conversation": "\(pending.key)", "error": "\(error)",
                ])
            }
        }
        if scheduled > 0 { logger.notice("re-scheduled stale conversations", metadata: ["count": "\(scheduled)"]) }
        return scheduled
    }

    /// The gauge an operator alarms on: messages waiting far longer than a batch window mean
    /// triggers are lost or batches keep failing.
    private func recordOldestPending(now: Date) async {
        do {
            let oldest = try await stage.oldestPendingReceivedAt()
            EngineMetrics.oldestPending(age: oldest.map { now.timeIntervalSince($0) } ?? 0)
        } catch {
            logger.warning("reading the oldest pending message failed", metadata: ["error": "\(error)"])
        }
    }

    /// Tells a human (before parking, so a crash repeats the notice rather than losing it) and
    /// parks the fragments: the sweeper stops spending model calls on them.
    private func giveUp(_ pending: PendingConversation, now: Date) async throws {
        let key = pending.key
        let sids = try await stage.pendingFragments(conversationId: key.conversationId)
            .filter { $0.primaryChannel == key.primaryChannel }.map(\.messageSid)
        // Answered since the pass began: nothing to give up on.
        guard !sids.isEmpty else { return }
        // An unreadable record must not stop the notice: it then names no company or project.
        let conversation = try? await conversations.conversation(key)
        try await handoff.notify(HandoffNotice(
            reason: .replyFailed,
            detail: "not answered after \(pending.sweeps) re-schedules; the messages stay staged and are answered with the conversation's next batch",
            key: key, companyId: conversation?.companyId, projectId: conversation?.projectId, channel: pending.channel,
            messageSids: sids, batchId: BatchId.of(sids), createdAt: now
        ).linked(to: settings.consoleURL))
        EngineMetrics.handoff(.replyFailed)
        try await stage.parkPendingFragments(
            conversationId: key.conversationId, sweeps: pending.sweeps, nextSweepAt: now.adding(settings.sweepBackoffCap))
        logger.error("gave up re-scheduling a conversation; a human was told", metadata: [
            "conversation": "\(key)", "sweeps": "\(pending.sweeps)", "messages": "\(sids.count)",
        ])
    }
}
