/// Why the `worker` handler failed a whole invocation; Lambda then retries every record of it
/// (safe: batch processing is idempotent). Per-record problems never end up here.
///
/// ```swift
/// do { _ = try await handler.respond(to: event, context: context) }
/// catch .recordWithoutMessageId(let index) { logger.error("record \(index) has no messageId") }
/// ```
package enum TriggerEventError: Error, Hashable, CustomStringConvertible {
    /// The event has no `Records` array: the function is wired to something other than SQS.
    case notAnSQSEvent(String)
    /// A record has no `messageId`, so it cannot be reported individually.
    case recordWithoutMessageId(index: Int)

    package var description: String {
        switch self {
        case .notAnSQSEvent(let detail):
            "the event is not an SQS event (\(detail)); connect the worker function to the channel queues only"
        case .recordWithoutMessageId(let index):
            "SQS record \(index) has no messageId; the whole batch is failed so that nothing is lost"
        }
    }
}
