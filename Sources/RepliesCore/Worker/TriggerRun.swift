package import Logging

/// The one way a received trigger is consumed, by `serve`'s worker and by the Lambda `worker`
/// alike: a body that is not a trigger is dead-lettered; otherwise the batch runs with a
/// visibility heartbeat (and, on Lambda, within a time budget), and the delivery is settled
/// according to the ``BatchOutcome``.
///
/// ```swift
/// let run = TriggerRun(source: queue, visibility: .seconds(120), timer: ContinuousClock(), logger: logger) { trigger, channel, attempt in
///     await processor.process(trigger, channel: channel, attempt: attempt)
/// }
/// let result = await run.consume(delivery)
/// ```
package struct TriggerRun: Sendable {
    package typealias Process = @Sendable (_ trigger: Trigger, _ channel: Channel, _ attempt: Int) async -> BatchOutcome

    let source: any TriggerSource
    let process: Process
    /// How long a received trigger stays hidden; the heartbeat extends it every third of it.
    let visibility: Duration
    /// Whether a finished batch removes its trigger here (`serve`) or the caller acknowledges
    /// it (Lambda's partial batch response deletes what it reports as successful).
    let completesWhenDone: Bool
    /// Visibility given to a trigger whose batch outran its budget, before it is delivered again.
    let abandonedRetryDelay: Duration
    let timer: any Clock<Duration>
    /// Reads the instant a budget ends at, passed down as ``InvocationDeadline``.
    let clock: any WallClock
    let logger: Logger

    package init(
        source: any TriggerSource, visibility: Duration, completesWhenDone: Bool = true,
        abandonedRetryDelay: Duration = .seconds(30), timer: any Clock<Duration> = ContinuousClock(),
        clock: any WallClock = SystemClock(), logger: Logger, process: @escaping Process
    ) {
        self.source = source
        self.process = process
        self.visibility = visibility
        self.completesWhenDone = completesWhenDone
        self.abandonedRetryDelay = abandonedRetryDelay
        self.timer = timer
        self.clock = clock
        self.logger = logger
    }

    package init(
        source: any TriggerSource, processor: BatchProcessor, visibility: Duration, completesWhenDone: Bool = true,
        timer: any Clock<Duration> = ContinuousClock(), logger: Logger
    ) {
        self.init(source: source, visibility: visibility, completesWhenDone: completesWhenDone, timer: timer, logger: logger) {
            await processor.process($0, channel: $1, attempt: $2)
        }
    }

    /// Runs one delivery to a settled state; never throws. With a `budget`, its end is passed
    /// down as the ``InvocationDeadline`` (the adapters' calls end by it, so the batch can still
    /// record a failure as an attempt), and a batch still running when it passes is abandoned
    /// (cancelled, made visible again after `abandonedRetryDelay`; SQS counts the delivery).
    package func consume(_ delivery: TriggerDelivery, budget: Duration? = nil) async -> TriggerRunResult {
        let result = await settled(delivery, budget: budget)
        switch result {
        case .done: break
        case .retrying, .abandoned, .unsettled: EngineMetrics.triggerRetry(result)
        case .deadLettered: EngineMetrics.deadLetter(Trigger(body: delivery.body) == nil ? .malformed : .batchFailed)
        }
        return result
    }

    private func settled(_ delivery: TriggerDelivery, budget: Duration?) async -> TriggerRunResult {
        var logger = self.logger
        logger[metadataKey: "delivery"] = "\(delivery.id)"
        guard let trigger = Trigger(body: delivery.body) else {
            logger.error("malformed trigger; moving it to the dead-letter queue")
            return await settle(.deadLettered, "dead-lettering", logger) {
                try await source.deadLetter(delivery, reason: "not a trigger: expected {conversation_id, primary_channel}")
            }
        }
        let heartbeat = Task { await beat(delivery, logger) }
        defer { heartbeat.cancel() }
        let process = self.process
        let work: @Sendable () async -> BatchOutcome = { await process(trigger, delivery.channel, delivery.receiveCount) }
        let outcome: BatchOutcome?
        if let budget {
            let timer = self.timer
            outcome = await InvocationDeadline.$current.withValue(clock.now().adding(budget)) {
                await withTimeBudget(budget, timer: timer, work)
            }
        } else {
            outcome = await work()
        }
        heartbeat.cancel()
        guard let outcome else {
            logger.warning("batch still running when its time ran out; abandoning it for a later delivery")
            return await settle(.abandoned, "making an abandoned trigger visible again", logger) {
                try await source.retry(delivery, after: abandonedRetryDelay)
            }
        }
        switch outcome {
        case .done:
            guard completesWhenDone else { return .done }
            return await settle(.done, "completing", logger) { try await source.complete(delivery) }
        case .retry(let after, _):
            return await settle(.retrying, "setting the retry delay", logger) { try await source.retry(delivery, after: after) }
        case .deadLetter(let reason):
            return await settle(.deadLettered, "dead-lettering", logger) { try await source.deadLetter(delivery, reason: reason) }
        }
    }

    /// Keeps the trigger hidden while a long batch runs; a failed extension is logged, and the
    /// trigger may then reappear early (processing it twice is safe, only wasteful).
    private func beat(_ delivery: TriggerDelivery, _ logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await timer.sleep(for: visibility / 3)
            } catch {
                return
            }
            do {
                try await source.extend(delivery, by: visibility)
            } catch {
                logger.warning("visibility heartbeat failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs a queue call; `.unsettled` when it throws (the trigger then reappears after its
    /// visibility timeout, and processing it again is safe).
    private func settle(
        _ result: TriggerRunResult, _ what: String, _ logger: Logger, _ action: () async throws -> Void
    ) async -> TriggerRunResult {
        do {
            try await action()
            return result
        } catch {
            logger.error("\(what) failed; the trigger will be delivered again", metadata: ["error": "\(error)"])
            return .unsettled
        }
    }
}

/// How a delivery ended up.
package enum TriggerRunResult: Sendable, Hashable {
    /// The batch finished (and the trigger was completed, where the run completes it).
    case done
    /// Made visible again later (transient failure).
    case retrying
    /// Moved to the dead-letter queue (malformed, or a batch that can never succeed).
    case deadLettered
    /// The time budget ran out; made visible again after the abandon delay.
    case abandoned
    /// A queue call failed; the trigger comes back after its visibility timeout.
    case unsettled

    /// Metric label.
    package var label: String {
        switch self {
        case .done: "done"
        case .retrying: "retrying"
        case .deadLettered: "dead_lettered"
        case .abandoned: "abandoned"
        case .unsettled: "unsettled"
        }
    }

    /// Whether the trigger is finished with, so an SQS batch may report it successful.
    package var isSettledForGood: Bool { self == .done || self == .deadLettered }
}
