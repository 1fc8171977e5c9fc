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
public struct AWSRetryPolicy: Sendable {
    /// Total attempts, the first included; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Maps the capped delay to the delay actually slept (full jitter by default).
    public var jitter: @Sendable (Duration) -> Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5),
        jitter: @escaping @Sendable (Duration) -> Duration = AWSRetryPolicy.fullJitter
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    public static let standard = AWSRetryPolicy()
    public static let none = AWSRetryPolicy(maxAttempts: 1)

    public static let fullJitter: @Sendable (Duration) -> Duration = { cap in
        let milliseconds = cap.components.seconds * 1000 + cap.components.attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else { return .zero }
        return .milliseconds(Int64.random(in: 0...milliseconds))
    }

    public func delay(beforeRetry retry: Int) -> Duration {
        let exponent = max(0, min(retry - 1, 30))
        let raw = baseDelay * (1 << exponent)
        return jitter(min(raw, maxDelay))
    }
}

/// Sleeps between retries; injected so tests never wait for real time.
public protocol AWSSleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// The real sleeper (`Task.sleep`); throws `CancellationError` when the task is cancelled.
public struct TaskSleeper: AWSSleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
