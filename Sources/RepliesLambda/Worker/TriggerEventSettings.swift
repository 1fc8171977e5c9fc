package import RepliesCore

/// Timing of the `worker` handler.
///
/// ```swift
/// var settings = TriggerEventSettings()
/// settings.visibilityTimeout = .seconds(720)   // the queue's VisibilityTimeout
/// ```
package struct TriggerEventSettings: Sendable, Hashable {
    /// The channel queues' visibility timeout. The heartbeat extends a record's visibility by
    /// this much every third of it while its batch runs.
    package var visibilityTimeout: Duration = .seconds(720)
    /// Work on a record stops this long before the invocation deadline, leaving time to report
    /// the record as failed (and so to SQS to deliver it again) instead of timing out the whole batch.
    package var deadlineMargin: Duration = .seconds(10)
    /// Visibility given to a record abandoned at the deadline, before it is delivered again.
    package var abandonedRetryDelay: Duration = .seconds(30)
    /// Used when a record's queue does not name a channel (the record's `channel_method` wins anyway).
    package var defaultChannel: Channel = .whatsapp

    package init() {}
}
