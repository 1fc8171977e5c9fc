import RepliesCore

/// What one inbound message may cost, and how webhooks are authenticated (issue 13).
package struct GuardKeys: ConfigKeyGroup {
    package static let title = "Cost guards and webhook authentication"
    package static let summary = "Budgets count model calls per fixed UTC window; 0 turns a budget off. A company's own "
        + "`rate_limits` (CompanyDataTable) apply on top: see docs/DATA.md."

    private static let defaults = EngineSettings()

    package let maxInboundMessage: ConfigKey<Int> = .integer(
        "MAX_INBOUND_MESSAGE_CHARS", default: GuardKeys.defaults.maxInboundMessageCharacters, in: 100...100_000,
        "one message's text beyond this is cut, with a marker, in the user turn")
    package let maxUserTurn: ConfigKey<Int> = .integer(
        "MAX_USER_TURN_CHARS", default: GuardKeys.defaults.maxUserTurnCharacters, in: 100...200_000,
        "a merged user turn beyond this is cut, with a marker")
    package let maxFragments: ConfigKey<Int> = .integer(
        "MAX_FRAGMENTS_PER_BATCH", default: GuardKeys.defaults.maxFragmentsPerBatch, in: 1...500,
        "the oldest this many waiting messages make a batch; the rest go in the next one, at once")
    package let maxReplyParts: ConfigKey<Int> = .integer(
        "MAX_REPLY_PARTS", default: GuardKeys.defaults.maxReplyParts, in: 1...10,
        "a reply needing more WhatsApp/SMS messages is shortened at a sentence boundary")
    package let conversationPerHour: ConfigKey<Int> = .integer(
        "REPLY_BUDGET_CONVERSATION_PER_HOUR", default: GuardKeys.defaults.budgets.conversationPerHour, in: 0...100_000,
        "model calls per conversation per UTC hour; over it a human is told once and replies pause")
    package let conversationPerDay: ConfigKey<Int> = .integer(
        "REPLY_BUDGET_CONVERSATION_PER_DAY", default: GuardKeys.defaults.budgets.conversationPerDay, in: 0...1_000_000,
        "model calls per conversation per UTC day")
    package let companyPerHour: ConfigKey<Int> = .integer(
        "REPLY_BUDGET_COMPANY_PER_HOUR", default: GuardKeys.defaults.budgets.companyPerHour, in: 0...10_000_000,
        "model calls per `company_id` per UTC hour (0 = off)")
    package let companyPerDay: ConfigKey<Int> = .integer(
        "REPLY_BUDGET_COMPANY_PER_DAY", default: GuardKeys.defaults.budgets.companyPerDay, in: 0...100_000_000,
        "model calls per `company_id` per UTC day (0 = off)")
    package let signingRefresh: ConfigKey<Duration> = .seconds(
        "SIGNING_SECRET_REFRESH_SECONDS", default: GuardKeys.defaults.signingSecretRefreshInterval.timeInterval, in: 0...3600,
        "after a signature mismatch a company number's Twilio secrets are re-read at most this often (token rotation)")

    package init() {}
}
