package import Foundation
package import LambdaRuntime
import Logging
package import RepliesCore

/// The `worker` Lambda handler: every trigger of an SQS batch is consumed concurrently by the
/// core's ``TriggerRun`` (the same consumption as `serve`'s worker), and the answer lists the
/// records SQS must deliver again (partial batch response, which needs
/// `FunctionResponseTypes: [ReportBatchItemFailures]` on the event source mapping).
///
/// Per record: finished or dead-lettered → reported successful (Lambda deletes it); a retry
/// delay, a failed queue call, a record without a receipt handle, or a batch still running
/// near the invocation deadline → reported failed. One record never affects another.
///
/// ```swift
/// let handler = TriggerEventHandler(source: sqsTriggerSource, processor: processor, settings: settings)
/// try await LambdaLoop.run(handler: handler, logger: logger)
/// ```
package struct TriggerEventHandler: LambdaHandler {
    let source: any TriggerSource
    let process: TriggerRun.Process
    let settings: TriggerEventSettings
    let channels: QueueChannelResolver
    let clock: any WallClock
    let timer: any Clock<Duration>

    package init(
        source: any TriggerSource, processor: BatchProcessor, settings: TriggerEventSettings = TriggerEventSettings(),
        channels: QueueChannelResolver = QueueChannelResolver(), clock: any WallClock = SystemClock(),
        timer: any Clock<Duration> = ContinuousClock()
    ) {
        self.init(source: source, settings: settings, channels: channels, clock: clock, timer: timer) {
            await processor.process($0, channel: $1, attempt: $2)
        }
    }

    package init(
        source: any TriggerSource, settings: TriggerEventSettings = TriggerEventSettings(),
        channels: QueueChannelResolver = QueueChannelResolver(), clock: any WallClock = SystemClock(),
        timer: any Clock<Duration> = ContinuousClock(), process: @escaping TriggerRun.Process
    ) {
        self.source = source
        self.process = process
        self.settings = settings
        self.channels = channels
        self.clock = clock
        self.timer = timer
    }

    package func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        let sqsEvent: SQSEvent
        do {
            sqsEvent = try JSONDecoder().decode(SQSEvent.self, from: event)
        } catch {
            throw TriggerEventError.notAnSQSEvent("\(error)")
        }
        let response = try await respond(to: sqsEvent, context: context)
        return try JSONEncoder().encode(response)
    }

    /// Processes the batch; the returned response lists the records to deliver again.
    package func respond(to event: SQSEvent, context: LambdaContext) async throws(TriggerEventError) -> SQSBatchResponse {
        var messageIds: [String] = []
        for (index, record) in event.records.enumerated() {
            guard let messageId = record.messageId, !messageId.isEmpty else { throw .recordWithoutMessageId(index: index) }
            messageIds.append(messageId)
        }
        let run = TriggerRun(
            source: source, visibility: settings.visibilityTimeout, completesWhenDone: false,
            abandonedRetryDelay: settings.abandonedRetryDelay, timer: timer, clock: clock, logger: context.logger, process: process)
        let failed = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, (record, messageId)) in zip(event.records, messageIds).enumerated() {
                group.addTask { (index, await consume(record, messageId: messageId, run: run, context: context)) }
            }
            var failed: [Int] = []
            for await (index, succeeded) in group where !succeeded { failed.append(index) }
            return failed.sorted()
        }
        if !failed.isEmpty {
            context.logger.notice("reporting batch item failures", metadata: ["failed": "\(failed.count)", "records": "\(messageIds.count)"])
        }
        return SQSBatchResponse(failedMessageIds: failed.map { messageIds[$0] })
    }

    /// One record; true when SQS may delete it.
    private func consume(_ record: SQSEvent.Record, messageId: String, run: TriggerRun, context: LambdaContext) async -> Bool {
        var logger = context.logger
        logger[metadataKey: "message_id"] = "\(messageId)"
        guard let receipt = record.receiptHandle, !receipt.isEmpty else {
            logger.error("SQS record without receiptHandle; reporting it failed so it is delivered again")
            return false
        }
        let delivery = TriggerDelivery(
            id: messageId, receipt: receipt, body: record.body ?? "",
            channel: channels.channel(forQueueARN: record.eventSourceARN) ?? settings.defaultChannel,
            receiveCount: record.receiveCount)
        // A malformed body is dead-lettered whatever the time left; a batch needs time to run.
        let budget = context.remaining(now: clock.now()) - settings.deadlineMargin
        guard Trigger(body: delivery.body) == nil || budget > .zero else {
            logger.warning("too close to the invocation deadline to start; the record will be delivered again")
            return false
        }
        return await run.consume(delivery, budget: budget).isSettledForGood
    }
}
