/// Capped exponential backoff with full jitter, as the AWS SDKs' "standard" retry mode.
///
/// The delay before retry *n* (1-based) is a random value in `0...min(maxDelay, baseDelay × 2ⁿ⁻¹)`.
/// The random source is injectable so tests can pin it.
///
/// ```swift
/// var policy = AWSRetryPolicy.standard
/// policy.maxAttempts = 6
/// policy.delay(beforeRetry: 3)   // somewhere in 0…400 ms
/// ```
package struct AWSRetryPolicy: Sendable {
    /// Total attempts, the first included; 1 disables retries.
    package var maxAttempts: Int
    package var baseDelay: Duration
    package var maxDelay: Duration
    /// Maps the capped delay to the delay actually slept (full jitter by default).
    package var jitter: @Sendable (Duration) -> Duration

    package init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5),
        jitter: @escaping @Sendable (Duration) -> Duration = AWSRetryPolicy.fullJitter
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    package static let standard = AWSRetryPolicy()
    package static let none = AWSRetryPolicy(maxAttempts: 1)

    package static let fullJitter: @Sendable (Duration) -> Duration = { cap in
        let milliseconds = cap.components.seconds * 1000 + cap.components.attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else { return .zero }
        return .milliseconds(Int64.random(in: 0...milliseconds))
    }

    package func delay(beforeRetry retry: Int) -> Duration {
        let exponent = max(0, min(retry - 1, 30))
        let raw = baseDelay * (1 << exponent)
        return jitter(min(raw, maxDelay))
    }
}
