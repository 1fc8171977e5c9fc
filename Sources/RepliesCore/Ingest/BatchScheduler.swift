import Foundation

/// Schedules a batch: takes the conversation's trigger lock and, when it was free, enqueues a
/// delayed trigger. Used by ingest, by the sweeper and for follow-up batches.
package struct BatchScheduler: Sendable {
    let locks: any TriggerLocks
    let queue: any TriggerQueue
    let clock: any WallClock
    let settings: EngineSettings

    package init(locks: any TriggerLocks, queue: any TriggerQueue, clock: any WallClock, settings: EngineSettings) {
        self.locks = locks
        self.queue = queue
        self.clock = clock
        self.settings = settings
    }

    /// Returns true when a trigger was enqueued, false when one is already scheduled.
    /// On an enqueue failure the lock is released again so that a retry can schedule.
    @discardableResult
    package func schedule(_ key: ConversationKey, channel: Channel, delay: Duration) async throws -> Bool {
        let now = clock.now()
        guard try await locks.acquire(conversationId: key.conversationId, now: now, expiresAt: lockExpiry(now: now, delay: delay)) else {
            return false
        }
        do {
            try await queue.enqueue(Trigger(key), channel: channel, delay: delay)
        } catch {
            try? await locks.release(conversationId: key.conversationId)
            throw error
        }
        return true
    }

    /// Until when the lock of a batch scheduled `delay` from `now` is held.
    func lockExpiry(now: Date, delay: Duration) -> Date { now.adding(delay + settings.triggerLockGrace) }
}
