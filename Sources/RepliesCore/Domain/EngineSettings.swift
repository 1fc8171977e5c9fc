package import Foundation

/// Tunables of the two use cases, with production defaults. Every one maps to a documented
/// configuration key (see README "Configuration").
package struct EngineSettings: Sendable, Hashable {
    /// `BATCH_WINDOW_SECONDS`: how long the first message of a burst waits for the rest.
    package var batchWindow: Duration = .seconds(10)
    /// `BATCH_QUIET_SECONDS`: optional debounce; 0 turns it off.
    package var quietPeriod: Duration = .zero
    /// `BATCH_MAX_WAIT_SECONDS`: the debounce never holds a batch longer than this.
    package var maxBatchWait: Duration = .seconds(60)
    /// `REPLY_LEASE_SECONDS`: how long a worker owns a conversation before others may take over.
    package var leaseDuration: Duration = .seconds(300)
    /// Extra life of a trigger lock beyond the batch window, covering queue delivery delays.
    package var triggerLockGrace: Duration = .seconds(120)
    /// How long done fragments are remembered, so late webhook retries stay no-ops (≥ 24 h).
    package var doneRetention: Duration = .seconds(25 * 3600)
    /// `MAX_ATTEMPTS`: deliveries of one trigger before a transient failure is reported to a human.
    package var maxAttempts: Int = 5
    /// First retry delay for transient failures; doubles per attempt up to ``retryCap``.
    package var retryBase: Duration = .seconds(5)
    package var retryCap: Duration = .seconds(300)
    /// `OPENAI_MODEL`: model used when the record's `ai_config.replies_model` is absent.
    package var defaultModel: String = "gpt-5-mini"
    /// Instructions used when `ai_config.replies_instructions` is absent.
    package var defaultInstructions: String = DefaultInstructions.text
    /// `HISTORY_MAX_CHARS`: budget for earlier turns sent to the model (newest kept).
    package var historyMaxCharacters: Int = 24_000
    /// Upper bound on earlier turns sent to the model.
    package var historyMaxTurns: Int = 60
    /// Whole-message keywords (case-insensitive) that opt the user out.
    package var optOutKeywords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT OUT", "REVOKE"]
    /// Whole-message keywords that opt an opted-out user back in.
    package var optInKeywords: Set<String> = ["START", "UNSTOP"]
    /// How old a pending fragment must be (beyond the window) before the sweeper re-schedules it.
    package var sweepGrace: Duration = .seconds(60)

    package init() {}

    /// Delay before retrying a transient failure on delivery `attempt` (1-based).
    package func retryDelay(attempt: Int, suggested: Duration? = nil) -> Duration {
        if let suggested { return min(max(suggested, .seconds(1)), retryCap) }
        let exponent = max(0, min(attempt - 1, 16))
        return min(retryBase * (1 << exponent), retryCap)
    }
}
