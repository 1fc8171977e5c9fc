import RepliesCore

/// The batch use case's tunables (``EngineSettings``).
package struct BatchKeys: ConfigKeyGroup {
    package static let title = "Batching and replies"

    private static let defaults = EngineSettings()

    package let window: ConfigKey<Duration> = .seconds(
        "BATCH_WINDOW_SECONDS", default: BatchKeys.defaults.batchWindow.timeInterval, in: 0...900,
        "how long the first message of a burst waits for the rest")
    package let emailWindow: ConfigKey<Duration> = .seconds(
        "EMAIL_BATCH_WINDOW_SECONDS", default: BatchKeys.defaults.emailBatchWindow.timeInterval, in: 0...900,
        "the same for e-mail, which arrives whole rather than in bursts")
    package let quiet: ConfigKey<Duration> = .seconds(
        "BATCH_QUIET_SECONDS", default: BatchKeys.defaults.quietPeriod.timeInterval, in: 0...300,
        "optional debounce (0 = off): wait until the person pauses this long…")
    package let maxWait: ConfigKey<Duration> = .seconds(
        "BATCH_MAX_WAIT_SECONDS", default: BatchKeys.defaults.maxBatchWait.timeInterval, in: 0...900, "…but never longer than this")
    package let lease: ConfigKey<Duration> = .seconds(
        "REPLY_LEASE_SECONDS", default: BatchKeys.defaults.leaseDuration.timeInterval, in: 30...3600,
        "how long a worker owns a conversation before another may take over")
    package let maxAttempts: ConfigKey<Int> = .integer(
        "MAX_ATTEMPTS", default: BatchKeys.defaults.maxAttempts, in: 1...100,
        "deliveries of a batch before a transient failure goes to a human")
    package let historyMaxCharacters: ConfigKey<Int> = .integer(
        "HISTORY_MAX_CHARS", default: BatchKeys.defaults.historyMaxCharacters, in: 0...1_000_000,
        "characters of earlier turns sent to the model (newest kept; from the record, then the history table)")
    package let historyTailMaxBytes: ConfigKey<Int> = .integer(
        "HISTORY_TAIL_MAX_BYTES", default: BatchKeys.defaults.recordTailMaxBytes, in: 16_384...262_144,
        "when a record's `messages` would pass this (DynamoDB bytes), older turns move to the history table")
    package let sweepMaxAttempts: ConfigKey<Int> = .integer(
        "SWEEP_MAX_ATTEMPTS", default: BatchKeys.defaults.sweepMaxAttempts, in: 1...100,
        "re-schedules of a conversation's waiting messages before the sweeper stops and tells a human")

    package init() {}
}
