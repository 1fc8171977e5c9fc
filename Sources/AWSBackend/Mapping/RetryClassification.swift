package import AWSCore
package import RepliesCore

// AWSCore cannot see RepliesCore, so the core's retry protocol is attached here. Throttling and
// transient failures are retried by the core (after the transport's own retries ran out);
// authentication and client errors are permanent.

extension AWSError: RetryClassifying {
    package var retryDisposition: RetryDisposition {
        isRetryable ? .transient(retryAfter: nil) : .permanent
    }
}

extension DynamoDBError: RetryClassifying {
    package var retryDisposition: RetryDisposition {
        isRetryable ? .transient(retryAfter: nil) : .permanent
    }
}

extension AWSConfigurationError: RetryClassifying {
    package var retryDisposition: RetryDisposition { .permanent }
}
