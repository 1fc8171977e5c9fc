import AWSCore
import RepliesCore

// AWSCore cannot see RepliesCore, so the core's retry protocol is attached here. Throttling and
// transient failures are retried by the core (after the transport's own retries ran out);
// authentication and client errors are permanent.

extension AWSError: RetryClassifying {
    public var retryDisposition: RetryDisposition {
        isRetryable ? .transient(retryAfter: nil) : .permanent
    }
}

extension DynamoDBError: RetryClassifying {
    public var retryDisposition: RetryDisposition {
        isRetryable ? .transient(retryAfter: nil) : .permanent
    }
}

extension AWSConfigurationError: RetryClassifying {
    public var retryDisposition: RetryDisposition { .permanent }
}
