package import RepliesCore

/// Tuning for ``OpenAIResponsesClient``: retries, timeouts and the seams tests replace.
///
/// Defaults follow the official SDK (2 retries, 0.5 s doubling backoff capped at 8 s) with a much
/// shorter timeout than its 600 s, because a batch must be answered within a worker's budget.
///
/// ```swift
/// var configuration = OpenAIResponsesConfiguration()
/// configuration.requestTimeout = .seconds(30)
/// configuration.timer = testClock.sleeping   // tests: never wait for real
/// ```
package struct OpenAIResponsesConfiguration: Sendable {
    /// Extra HTTP attempts after the first for retryable failures (SDK default: 2).
    package var maxRetries: Int
    /// Time allowed for one HTTP attempt, from sending to the last byte of the answer.
    package var requestTimeout: Duration
    /// `max_output_tokens` (includes reasoning tokens); nil leaves it to the model.
    package var maxOutputTokens: Int?
    /// The longest server-requested wait the client sits out itself; longer asks end the call
    /// with a transient error carrying the wait, so the core reschedules instead of blocking.
    package var maxRetryAfter: Duration
    /// Extra calls when the answer breaks the reply schema or is not a response object.
    package var invalidReplyRetries: Int
    /// What the client waits on between attempts; a test clock in tests, so they never sleep.
    package var timer: any Clock<Duration>
    /// A number in 0..<1 for backoff jitter; replaced in tests for exact waits.
    package var random: @Sendable () -> Double
    /// Reads "now" for `retry-after` HTTP dates.
    package var clock: any WallClock

    package init(
        maxRetries: Int = 2,
        requestTimeout: Duration = .seconds(60),
        maxOutputTokens: Int? = nil,
        maxRetryAfter: Duration = .seconds(60),
        invalidReplyRetries: Int = 1,
        timer: any Clock<Duration> = ContinuousClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        clock: any WallClock = SystemClock()
    ) {
        self.maxRetries = max(0, maxRetries)
        self.requestTimeout = requestTimeout
        self.maxOutputTokens = maxOutputTokens
        self.maxRetryAfter = maxRetryAfter
        self.invalidReplyRetries = max(0, invalidReplyRetries)
        self.timer = timer
        self.random = random
        self.clock = clock
    }
}
