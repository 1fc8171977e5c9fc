import Foundation
package import Logging

/// Re-schedules conversations whose fragments have waited far longer than a batch should
/// (their trigger was lost, e.g. the queue send failed after staging and Twilio did not retry).
/// Scheduling is idempotent, so sweeping a conversation that is in flight is harmless.
package struct PendingSweeper: Sendable {
    let stage: any FragmentStage
    let scheduler: BatchScheduler
    let clock: any WallClock
    let settings: EngineSettings
    let logger: Logger

    package init(ports: EnginePorts, settings: EngineSettings, logger: Logger) {
        self.stage = ports.stage
        self.scheduler = BatchScheduler(locks: ports.locks, queue: ports.queue, clock: ports.clock, settings: settings)
        self.clock = ports.clock
        self.settings = settings
        self.logger = logger
    }

    /// One pass; returns how many conversations were re-scheduled.
    @discardableResult
    package func sweepOnce(limit: Int = 100) async -> Int {
        let cutoff = clock.now().addingTimeInterval(-(settings.batchWindow + settings.sweepGrace).timeInterval)
        do {
            var scheduled = 0
            for pending in try await stage.conversationsWithPendingFragments(receivedBefore: cutoff, limit: limit) {
                if try await scheduler.schedule(pending.key, channel: pending.channel, delay: .zero) { scheduled += 1 }
            }
            if scheduled > 0 { logger.notice("re-scheduled stale conversations", metadata: ["count": "\(scheduled)"]) }
            return scheduled
        } catch {
            logger.error("sweeping pending fragments failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
