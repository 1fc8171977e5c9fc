import Foundation
import Logging
import RepliesCore

/// One SQS record of a `worker` invocation, from delivery to its settled state.
struct TriggerRecordRun: Sendable {
    let handler: TriggerEventHandler
    let record: SQSEvent.Record
    let messageId: String
    let context: LambdaContext

    private var settings: TriggerEventSettings { handler.settings }
    private var source: any TriggerSource { handler.source }

    private var logger: Logger {
        var logger = context.logger
        logger[metadataKey: "message_id"] = "\(messageId)"
        return logger
    }

    /// Settles the record; true when SQS may delete it.
    func execute() async -> Bool {
        guard let receipt = record.receiptHandle, !receipt.isEmpty else {
            logger.error("SQS record without receiptHandle; reporting it failed so it is delivered again")
            return false
        }
        let channel = handler.channels.channel(forQueueARN: record.eventSourceARN) ?? settings.defaultChannel
        let delivery = TriggerDelivery(
            id: messageId, receipt: receipt, body: record.body ?? "", channel: channel, receiveCount: record.receiveCount)
        guard let trigger = Trigger(body: delivery.body) else {
            logger.error("malformed trigger; moving it to the dead-letter queue")
            return await settle("dead-lettering") {
                try await source.deadLetter(delivery, reason: "not a trigger: expected {conversation_id, primary_channel}")
            }
        }
        let budget = context.remaining(now: handler.clock.now()) - settings.deadlineMargin
        guard budget > .zero else {
            logger.warning("too close to the invocation deadline to start; the record will be delivered again")
            return false
        }
        guard let outcome = await runWithHeartbeat(trigger, delivery, budget: budget) else {
            logger.warning("batch still running near the invocation deadline; abandoning it for a later delivery")
            _ = await settle("making an abandoned trigger visible again") {
                try await source.retry(delivery, after: settings.abandonedRetryDelay)
            }
            return false
        }
        switch outcome {
        case .done:
            return true
        case .retry(let after, _):
            _ = await settle("setting the retry delay") { try await source.retry(delivery, after: after) }
            return false
        case .deadLetter(let reason):
            return await settle("dead-lettering") { try await source.deadLetter(delivery, reason: reason) }
        }
    }

    /// The batch use case within `budget`, with the visibility heartbeat running alongside.
    private func runWithHeartbeat(_ trigger: Trigger, _ delivery: TriggerDelivery, budget: Duration) async -> BatchOutcome? {
        let heartbeat = Task { await beat(delivery) }
        defer { heartbeat.cancel() }
        let process = handler.process
        return await withTimeBudget(budget, sleeper: handler.sleeper) {
            await process(trigger, delivery.channel, delivery.receiveCount)
        }
    }

    private func beat(_ delivery: TriggerDelivery) async {
        let visibility = settings.visibilityTimeout
        while !Task.isCancelled {
            do {
                try await handler.sleeper.sleep(visibility / 3)
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

    /// Runs a queue call; false (record reported failed, so SQS delivers it again) when it throws.
    private func settle(_ what: String, _ action: () async throws -> Void) async -> Bool {
        do {
            try await action()
            return true
        } catch {
            logger.error("\(what) failed; the record will be delivered again", metadata: ["error": "\(error)"])
            return false
        }
    }
}
