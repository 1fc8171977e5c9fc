package import Foundation
package import Logging

/// The long-running consumer for `serve`: `concurrency` loops, each receiving one trigger at a
/// time, running it through ``BatchProcessor`` with a visibility heartbeat, and settling it
/// on the queue according to the ``BatchOutcome``.
///
/// ```swift
/// let worker = TriggerWorker(source: queue, processor: processor, logger: logger)
/// try await worker.run()   // until the task is cancelled
/// ```
package struct TriggerWorker: Sendable {
    let source: any TriggerSource
    let processor: BatchProcessor
    let concurrency: Int
    let visibility: Duration
    let pollWait: Duration
    let logger: Logger

    package init(
        source: any TriggerSource, processor: BatchProcessor, concurrency: Int = 4,
        visibility: Duration = .seconds(120), pollWait: Duration = .seconds(20), logger: Logger
    ) {
        self.source = source
        self.processor = processor
        self.concurrency = max(1, concurrency)
        self.visibility = visibility
        self.pollWait = pollWait
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
                    await Task { await handle(delivery) }.value
                }
                failures = 0
            } catch {
                if Task.isCancelled { return }
                failures += 1
                logger.error("receiving triggers failed", metadata: ["error": "\(error)", "consecutive": "\(failures)"])
                try? await Task.sleep(for: .seconds(min(30, 1 << min(failures, 5))))
            }
        }
    }

    /// Processes one delivery to the end and settles it; never throws.
    package func handle(_ delivery: TriggerDelivery) async {
        guard let trigger = Trigger(body: delivery.body) else {
            logger.error("dropping a malformed trigger to the dead-letter queue", metadata: ["delivery": "\(delivery.id)"])
            await settle(delivery) { try await source.deadLetter(delivery, reason: "not a trigger: expected {conversation_id, primary_channel}") }
            return
        }
        let outcome = await withTaskGroup(of: BatchOutcome?.self) { group in
            group.addTask {
                await processor.process(trigger, channel: delivery.channel, attempt: delivery.receiveCount)
            }
            group.addTask {
                // Heartbeat: keep the trigger hidden while a long model call runs.
                while !Task.isCancelled {
                    try? await Task.sleep(for: visibility / 3)
                    if Task.isCancelled { break }
                    try? await source.extend(delivery, by: visibility)
                }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .retry(after: .seconds(5), reason: "worker stopped")
        }
        await settle(delivery) {
            switch outcome {
            case .done: try await source.complete(delivery)
            case .retry(let after, _): try await source.retry(delivery, after: after)
            case .deadLetter(let reason): try await source.deadLetter(delivery, reason: reason)
            }
        }
    }

    private func settle(_ delivery: TriggerDelivery, _ action: () async throws -> Void) async {
        do {
            try await action()
        } catch {
            // The trigger reappears after its visibility timeout; processing it again is safe.
            logger.warning("settling a trigger failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }
}
