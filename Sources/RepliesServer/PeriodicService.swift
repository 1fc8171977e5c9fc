import ServiceLifecycle

/// Runs one action every `interval` of `timer` until graceful shutdown: the sweeper of lost
/// triggers, the embedded backend's purge of expired rows. The timer is injected, so tests
/// drive it with a test clock instead of waiting.
///
/// ```swift
/// let sweeper = PeriodicService(every: .seconds(60), runsAtStart: true) { await pendingSweeper.sweepOnce() }
/// ```
package struct PeriodicService: Service {
    let interval: Duration
    let runsAtStart: Bool
    let timer: any Clock<Duration>
    let action: @Sendable () async -> Void

    package init(
        every interval: Duration, runsAtStart: Bool, timer: any Clock<Duration> = ContinuousClock(),
        _ action: @escaping @Sendable () async -> Void
    ) {
        self.interval = interval
        self.runsAtStart = runsAtStart
        self.timer = timer
        self.action = action
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            if runsAtStart { await action() }
            while !Task.isCancelled {
                do {
                    try await timer.sleep(for: interval)
                } catch {
                    return
                }
                await action()
            }
        }
    }
}
