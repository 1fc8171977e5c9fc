package import Foundation

/// Tunables of the two use cases, with production defaults. Every one maps to a documented
/// configuration key (see README "Configuration").
package struct EngineSettings: Sendable, Hashable {
    /// `BATCH_WINDOW_SECONDS`: how long the first message of a burst waits for the rest.
    package var batchWindow: Duration = .seconds(10)
    /// `EMAIL_BATCH_WINDOW_SECONDS`: the window for e-mail, which arrives whole, not in bursts.
    package var emailBatchWindow: Duration = .seconds(2)
    /// `BATCH_QUIET_SECONDS`: optional debounce; 0 turns it off.
    package var quietPeriod: Duration = .zero
    /// `BATCH_MAX_WAIT_SECONDS`: the debounce never holds a batch longer than this.
    package var maxBatchWait: Duration = .seconds(60)
    /// `REPLY_LEASE_SECONDS`: how long a worker owns a conversation before others may take over.
    package var leaseDuration: Duration = .seconds(300)
    /// Extra life of a trigger lock beyond the batch window, covering queue delivery delays.
    package var triggerLockGrace: Duration = .seconds(120)
    /// How long done fragments (their `MessageSid`s) are remembered; nil keeps them for good.
    /// Twilio's signature carries no timestamp, so a captured webhook stays valid forever: only
    /// remembering its SID stops a replay from being answered again (docs/DATA.md).
    package var doneRetention: Duration? = nil
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
    /// After re-scheduling a conversation, the sweeper leaves it alone this long, doubling with
    /// each further re-schedule up to ``sweepBackoffCap``: a conversation that keeps failing
    /// costs little and never crowds out the others.
    package var sweepBackoff: Duration = .seconds(300)
    package var sweepBackoffCap: Duration = .seconds(6 * 3600)
    /// `SWEEP_MAX_ATTEMPTS`: re-schedules of one conversation before the sweeper gives up on its
    /// waiting messages and tells a human (they stay staged; a later batch still answers them).
    package var sweepMaxAttempts: Int = 8
    /// `HISTORY_TAIL_MAX_BYTES`: when the record's `messages` pass this size (DynamoDB bytes),
    /// the next batch first moves the oldest turns to the history table, down to half of it.
    package var recordTailMaxBytes: Int = 96 * 1024
    /// The longest turn content the record keeps (UTF-8 bytes); a longer one is kept cut, with a
    /// note. Together with ``recordTailMaxBytes`` it keeps the record below 400 KB whatever one
    /// batch brings (the cost guards keep real turns far smaller).
    package var recordTurnMaxBytes: Int = 128 * 1024

    // MARK: Cost guards (docs/RELIABILITY.md "Cost guards")

    /// `MAX_INBOUND_MESSAGE_CHARS`: one message's text beyond this is cut, with a marker, in the turn.
    package var maxInboundMessageCharacters: Int = 4096
    /// `MAX_USER_TURN_CHARS`: a merged user turn beyond this is cut, with a marker.
    package var maxUserTurnCharacters: Int = 8000
    /// `MAX_FRAGMENTS_PER_BATCH`: the oldest this many pending messages make a batch; the rest
    /// wait for the next batch, scheduled at once.
    package var maxFragmentsPerBatch: Int = 20
    /// `MAX_REPLY_PARTS`: a reply needing more messages is shortened at a sentence boundary.
    package var maxReplyParts: Int = 3
    /// Reply budgets (model calls per window); 0 turns a budget off. The company's own
    /// `rate_limits` apply on top of the company ones.
    package var budgets = ReplyBudgetSettings()
    /// Per-batch media caps and download limits (`MEDIA_*`).
    package var media = MediaSettings()
    /// Longest model-written handoff reason kept (record, notice).
    package var maxHandoffReasonCharacters: Int = 300

    // MARK: Webhook authentication

    /// How long a company number's signing secrets are cached.
    package var signingSecretCacheTTL: Duration = .seconds(300)
    /// `SIGNING_SECRET_REFRESH_SECONDS`: after a signature mismatch the secrets are re-read from
    /// the store, at most once per this interval and company number.
    package var signingSecretRefreshInterval: Duration = .seconds(30)

    /// The staff console's address (`PUBLIC_BASE_URL` + `/console`): handoff notices link to the
    /// conversation there. Nil when the public address is not configured.
    package var consoleURL: String?

    /// Where Twilio posts the status of what the engine sends (`PUBLIC_BASE_URL` +
    /// `/twilio/status`): every send carries it as `StatusCallback`. Nil when the public address
    /// is not configured (then no status is asked for).
    package var statusCallbackURL: String?

    package init() {}

    /// How long a channel's first message waits for the rest of its batch.
    package func batchWindow(for channel: Channel) -> Duration {
        channel == .email ? emailBatchWindow : batchWindow
    }

    /// Until when a done fragment is remembered (``doneRetention``; forever when nil).
    package func doneRetainUntil(from now: Date) -> Date {
        doneRetention.map { now.adding($0) } ?? .distantFuture
    }

    /// How long the sweeper leaves a conversation alone after its `sweeps`-th re-schedule.
    package func sweepDelay(after sweeps: Int) -> Duration {
        let exponent = max(0, min(sweeps - 1, 16))
        return min(sweepBackoff * (1 << exponent), sweepBackoffCap)
    }

    /// Delay before retrying a transient failure on delivery `attempt` (1-based).
    package func retryDelay(attempt: Int, suggested: Duration? = nil) -> Duration {
        if let suggested { return min(max(suggested, .seconds(1)), retryCap) }
        let exponent = max(0, min(attempt - 1, 16))
        return min(retryBase * (1 << exponent), retryCap)
    }
}
