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
    /// `OPENAI_MAX_OUTPUT_TOKENS` default: room for reasoning plus a reply of a few messages.
    package static let defaultMaxOutputTokens = 8000

    /// Extra HTTP attempts after the first for retryable failures (SDK default: 2).
    package var maxRetries: Int
    /// Time allowed for one HTTP attempt, from sending to the last byte of the answer.
    package var requestTimeout: Duration
    /// `max_output_tokens` (includes reasoning tokens): the most one call can cost in output.
    /// An answer cut by it is `incomplete`, a permanent failure a human is told about.
    package var maxOutputTokens: Int
    /// Keys the `safety_identifier`; nil sends none (never a bare hash of the number).
    package var safetyIdentifierKey: SafetyIdentifierKey?
    /// The longest server-requested wait the client sits out itself; longer asks end the call
    /// with a transient error carrying the wait, so the core reschedules instead of blocking.
    package var maxRetryAfter: Duration
    /// Extra calls when the answer breaks the reply schema or is not a response object.
    package var invalidReplyRetries: Int
    /// Kept free before the ``RepliesCore/InvocationDeadline``: the model's attempts end this long
    /// before it, so the batch can still record the outcome (a failure counted as an attempt).
    package var deadlineReserve: Duration
    /// No attempt starts with less time than this left before the deadline (less the reserve).
    package var minimumAttempt: Duration
    /// What the client waits on between attempts; a test clock in tests, so they never sleep.
    package var timer: any Clock<Duration>
    /// A number in 0..<1 for backoff jitter; replaced in tests for exact waits.
    package var random: @Sendable () -> Double
    /// Reads "now" for `retry-after` HTTP dates.
    package var clock: any WallClock

    package init(
        maxRetries: Int = 2,
        requestTimeout: Duration = .seconds(60),
        maxOutputTokens: Int = OpenAIResponsesConfiguration.defaultMaxOutputTokens,
        safetyIdentifierKey: SafetyIdentifierKey? = nil,
        maxRetryAfter: Duration = .seconds(60),
        invalidReplyRetries: Int = 1,
        deadlineReserve: Duration = .seconds(5),
        minimumAttempt: Duration = .seconds(1),
        timer: any Clock<Duration> = ContinuousClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        clock: any WallClock = SystemClock()
    ) {
        self.maxRetries = max(0, maxRetries)
        self.requestTimeout = requestTimeout
        self.maxOutputTokens = max(16, maxOutputTokens)
        self.safetyIdentifierKey = safetyIdentifierKey
        self.maxRetryAfter = maxRetryAfter
        self.invalidReplyRetries = max(0, invalidReplyRetries)
        self.deadlineReserve = deadlineReserve
        self.minimumAttempt = minimumAttempt
        self.timer = timer
        self.random = random
        self.clock = clock
    }

    /// The longest one call's retry schedule can take: every attempt timing out, with the
    /// longest backoff between them (no jitter), plus ``deadlineReserve``. What a worker's time
    /// budget must hold (checked at start on Lambda).
    package var worstCaseCall: Duration {
        var total = requestTimeout * (maxRetries + 1) + deadlineReserve
        for retry in 0..<maxRetries { total += RetryPolicy.longestBackoff(retry: retry) }
        return total
    }
}
