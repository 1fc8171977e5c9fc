package import Foundation
import Logging
package import RepliesCore

/// The `worker` Lambda handler: runs every trigger of an SQS batch through the batch use case
/// concurrently and answers with the records SQS must deliver again (partial batch response,
/// which needs `FunctionResponseTypes: [ReportBatchItemFailures]` on the event source mapping).
///
/// Per record: `.done` → success (Lambda deletes it); `.retry(after)` → visibility set to
/// `after` and reported failed; `.deadLetter` and malformed bodies → sent to the DLQ and
/// deleted through ``TriggerSource/deadLetter(_:reason:)``, reported success. A record whose
/// settling throws, or that is still running near the invocation deadline, is reported failed.
/// One record never affects another.
///
/// ```swift
/// let handler = TriggerEventHandler(source: sqsTriggerSource, processor: processor, settings: settings)
/// try await LambdaLoop.run(handler: handler, logger: logger)
/// ```
package struct TriggerEventHandler: LambdaHandler {
    /// The batch use case; ``BatchProcessor/process(_:channel:attempt:)`` in production.
    package typealias Process = @Sendable (_ trigger: Trigger, _ channel: Channel, _ attempt: Int) async -> BatchOutcome

    let source: any TriggerSource
    let process: Process
    let settings: TriggerEventSettings
    let channels: QueueChannelResolver
    let clock: any WallClock
    let sleeper: Sleeper

    package init(
        source: any TriggerSource, processor: BatchProcessor, settings: TriggerEventSettings = TriggerEventSettings(),
        channels: QueueChannelResolver = QueueChannelResolver(), clock: any WallClock = SystemClock(), sleeper: Sleeper = .task
    ) {
        self.init(source: source, settings: settings, channels: channels, clock: clock, sleeper: sleeper) { trigger, channel, attempt in
            await processor.process(trigger, channel: channel, attempt: attempt)
        }
    }

    package init(
        source: any TriggerSource, settings: TriggerEventSettings = TriggerEventSettings(),
        channels: QueueChannelResolver = QueueChannelResolver(), clock: any WallClock = SystemClock(),
        sleeper: Sleeper = .task, process: @escaping Process
    ) {
        self.source = source
        self.process = process
        self.settings = settings
        self.channels = channels
        self.clock = clock
        self.sleeper = sleeper
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
        var runs: [TriggerRecordRun] = []
        for (index, record) in event.records.enumerated() {
            guard let messageId = record.messageId, !messageId.isEmpty else { throw .recordWithoutMessageId(index: index) }
            runs.append(TriggerRecordRun(handler: self, record: record, messageId: messageId, context: context))
        }
        let failed = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, run) in runs.enumerated() {
                group.addTask { (index, await run.execute()) }
            }
            var failed: [Int] = []
            for await (index, succeeded) in group where !succeeded { failed.append(index) }
            return failed.sorted()
        }
        if !failed.isEmpty {
            context.logger.notice("reporting batch item failures", metadata: ["failed": "\(failed.count)", "records": "\(runs.count)"])
        }
        return SQSBatchResponse(failedMessageIds: failed.map { runs[$0].messageId })
    }
}
