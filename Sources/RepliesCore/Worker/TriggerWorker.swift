package import Logging

/// The long-running consumer for `serve`: `concurrency` loops, each receiving one trigger at a
/// time and consuming it with ``TriggerRun`` (heartbeat, settle). Time comes from `timer`, so
/// tests drive the heartbeat and the back-off without sleeping.
///
/// ```swift
/// let worker = TriggerWorker(source: queue, processor: processor, logger: logger)
/// await worker.run()   // until the task is cancelled
/// ```
package struct TriggerWorker: Sendable {
    let source: any TriggerSource
    let run: TriggerRun
    let concurrency: Int
    let visibility: Duration
    let pollWait: Duration
    let timer: any Clock<Duration>
    let logger: Logger

    package init(
        source: any TriggerSource, processor: BatchProcessor, concurrency: Int = 4, visibility: Duration = .seconds(120),
        pollWait: Duration = .seconds(20), timer: any Clock<Duration> = ContinuousClock(), logger: Logger
    ) {
        self.init(source: source, concurrency: concurrency, visibility: visibility, pollWait: pollWait, timer: timer, logger: logger) {
            await processor.process($0, channel: $1, attempt: $2)
        }
    }

    package init(
        source: any TriggerSource, concurrency: Int = 4, visibility: Duration = .seconds(120), pollWait: Duration = .seconds(20),
        timer: any Clock<Duration> = ContinuousClock(), logger: Logger, process: @escaping TriggerRun.Process
    ) {
        self.source = source
        self.run = TriggerRun(source: source, visibility: visibility, timer: timer, logger: logger, process: process)
        self.concurrency = max(1, concurrency)
        self.visibility = visibility
        self.pollWait = pollWait
        self.timer = timer
        self.logger = logger
    }

    package func run() async {
        await withDiscardingTaskGroup { group in
            for _ in 0..<concurrency {
                group.addTask { await consumeLoop() }
            }
        }
    }

    private func consumeLoop() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                for delivery in try await source.receive(max: 1, wait: pollWait, visibility: visibility) {
                    // Shielded from cancellation: on shutdown the receive stops, but a batch in
                    // flight runs to its end rather than leaving a half-done send to reconcile.
                    let run = self.run
                    _ = await Task { await run.consume(delivery) }.value
                }
                failures = 0
            } catch {
                if Task.isCancelled { return }
                failures += 1
                logger.error("receiving triggers failed", metadata: ["error": "\(error)", "consecutive": "\(failures)"])
                try? await timer.sleep(for: .seconds(min(30, 1 << min(failures, 5))))
            }
        }
    }

    /// Consumes one delivery to the end; never throws.
    @discardableResult
    package func handle(_ delivery: TriggerDelivery) async -> TriggerRunResult {
        await run.consume(delivery)
    }
}
