import AWSCore
package import RepliesCore

/// Failures of the AWS adapters that are not plain AWS call failures.
///
/// ```swift
/// catch let error as AWSBackendError { logger.error("\(error)") }   // says what to fix
/// ```
package enum AWSBackendError: Error, CustomStringConvertible, RetryClassifying {
    /// A stored item could not be read as an engine record.
    case malformedItem(table: String, detail: String)
    /// An update the engine must never make (template-sender fields, keys, overlapping paths).
    case forbiddenUpdate(String)
    /// The queue has no usable RedrivePolicy, so a trigger cannot be dead-lettered.
    case noDeadLetterQueue(queueURL: String)
    /// A configured channel has no queue URL.
    case noQueue(channel: String, key: String)
    /// Concurrent changes kept an operation from settling; retrying later is safe.
    case unsettled(String)

    package var description: String {
        switch self {
        case .malformedItem(let table, let detail): "item in \(table) is not a valid record: \(detail)"
        case .forbiddenUpdate(let detail): "refusing to write the conversation record: \(detail)"
        case .noDeadLetterQueue(let url):
            "queue \(url) has no RedrivePolicy with a dead-letter queue; run the setup command (docs/AWS.md) or add one"
        case .noQueue(let channel, let key): "no queue is configured for channel \(channel): set \(key)"
        case .unsettled(let detail): "\(detail); retry later"
        }
    }

    package var retryDisposition: RetryDisposition {
        if case .unsettled = self { return .transient(retryAfter: nil) }
        return .permanent
    }
}
