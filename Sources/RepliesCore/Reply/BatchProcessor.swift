import Foundation
package import Logging

/// Flow 2: answers one conversation's staged fragments, exactly once.
///
/// Safe to run concurrently and repeatedly for the same conversation: the reply lease
/// serialises workers, a pending reply persisted before the first send lets a retry finish
/// (or reconcile) instead of sending twice, and `last_reply_batch` lets a retry recognise
/// fragments that were answered but not yet cleaned up.
///
/// ```swift
/// let processor = BatchProcessor(ports: ports, settings: settings, logger: logger)
/// let outcome = await processor.process(trigger, channel: .whatsapp, attempt: 1)
/// ```
package struct BatchProcessor: Sendable {
    let ports: EnginePorts
    let settings: EngineSettings
    let logger: Logger
    let scheduler: BatchScheduler

    package init(ports: EnginePorts, settings: EngineSettings, logger: Logger) {
        self.ports = ports
        self.settings = settings
        self.logger = logger
        self.scheduler = BatchScheduler(locks: ports.locks, queue: ports.queue, clock: ports.clock, settings: settings)
    }

    /// - Parameters:
    ///   - channel: the queue the trigger came from; the record's `channel_method` wins.
    ///   - attempt: 1-based delivery count of the trigger.
    package func process(_ trigger: Trigger, channel: Channel, attempt: Int) async -> BatchOutcome {
        let started = ports.clock.now()
        let outcome = await run(trigger, channel: channel, attempt: attempt)
        EngineMetrics.batch(outcome, took: ports.clock.now().timeIntervalSince(started))
        var metadata: Logger.Metadata = ["conversation": "\(trigger.key)", "attempt": "\(attempt)", "outcome": "\(outcome.label)"]
        switch outcome {
        case .done:
            logger.info("batch finished", metadata: metadata)
        case .retry(let after, let reason):
            metadata["reason"] = "\(reason)"
            metadata["retry_in"] = "\(after)"
            logger.notice("batch will be retried", metadata: metadata)
        case .deadLetter(let reason):
            metadata["reason"] = "\(reason)"
            logger.error("batch failed permanently", metadata: metadata)
        }
        return outcome
    }

    private func run(_ trigger: Trigger, channel: Channel, attempt: Int) async -> BatchOutcome {
        let owner = UUID().uuidString
        let started = ports.clock.now()
        let acquisition: LeaseAcquisition
        do {
            let until = started.adding(settings.leaseDuration)
            if let commits = ports.batchCommits {
                acquisition = try await commits.acquireLeaseReleasingTriggerLock(trigger.key, owner: owner, now: started, until: until)
            } else {
                acquisition = try await ports.conversations.acquireLease(trigger.key, owner: owner, now: started, until: until)
            }
        } catch {
            return .retry(after: settings.retryDelay(attempt: attempt), reason: "taking the reply lease failed: \(error)")
        }
        switch acquisition {
        case .missing:
            // Nothing can answer these fragments; marking them done stops the sweeper from
            // scheduling the conversation again on every pass. The dead letter reports them.
            let reason = "no conversation record \(trigger.key)"
            do {
                // Only fragments staged for this key: a trigger naming a real conversation_id
                // with the wrong number must not fail that conversation's waiting messages.
                let orphans = try await ports.stage.pendingFragments(conversationId: trigger.conversationId)
                    .filter { $0.primaryChannel == trigger.primaryChannel }.map(\.messageSid)
                if !orphans.isEmpty {
                    try await ports.stage.markDone(
                        conversationId: trigger.conversationId, messageSids: orphans, outcome: .failed,
                        retainUntil: settings.doneRetainUntil(from: started))
                    return .deadLetter(reason: reason + "; \(orphans.count) staged message(s) marked failed")
                }
            } catch {
                return .retry(after: settings.retryDelay(attempt: attempt), reason: reason + "; marking its fragments failed: \(error)")
            }
            return .deadLetter(reason: reason)
        case .busy(let until):
            EngineMetrics.leaseConflict(.busy)
            // The holder is most likely a live batch that ends within seconds, and a message that
            // arrived meanwhile should not wait out its whole lease (5 minutes by default): look
            // again soon, backing off, for the first deliveries; then wait for the lease to end (a
            // crashed holder's), so SQS's receive limit (MaxReceiveCount, = MAX_ATTEMPTS) is
            // never reached on a lease alone.
            let remaining = Duration.interval(until.timeIntervalSince(started))
            let wait = attempt < settings.maxAttempts - 1 ? min(remaining, settings.retryDelay(attempt: attempt)) : remaining
            return .retry(after: max(.seconds(1), min(wait, settings.retryCap)), reason: "reply lease held by another worker")
        case .acquired(let previous):
            let batch = BatchRun(
                processor: self, conversation: previous, owner: owner, started: started, attempt: attempt,
                channel: previous.channel ?? channel)
            return await batch.execute()
        }
    }
}
