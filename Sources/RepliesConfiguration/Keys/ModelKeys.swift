import RepliesCore

/// The reply model.
package struct ModelKeys: ConfigKeyGroup {
    package static let title = "Model"

    package let kind: ConfigKey<ModelKind> = .choice(
        "REPLIES_MODEL", default: .openai, "`openai` or `offline` (the labelled demo model)")
    package let baseURL: ConfigKey<String> = .url(
        "OPENAI_BASE_URL", default: "https://api.openai.com/v1", "any server implementing `/v1/responses`")
    package let model: ConfigKey<String> = .text(
        "OPENAI_MODEL", default: EngineSettings().defaultModel, "model when a record's `ai_config.replies_model` is absent")
    package let timeout: ConfigKey<Duration> = .seconds(
        "OPENAI_TIMEOUT_SECONDS", default: 60, in: 1...600, "per request to the model")
    package let maxRetries: ConfigKey<Int> = .integer(
        "OPENAI_MAX_RETRIES", default: 2, in: 0...10,
        "extra attempts of a model call after a retryable failure; on Lambda, OPENAI_TIMEOUT_SECONDS × (this + 1) must fit the worker's budget (checked at start)")
    // The default is OpenAIResponsesConfiguration.defaultMaxOutputTokens (this module does not link the adapter).
    package let maxOutputTokens: ConfigKey<Int> = .integer(
        "OPENAI_MAX_OUTPUT_TOKENS", default: 8000, in: 16...128_000,
        "`max_output_tokens` of every model call (reasoning included); a reply cut by it fails to a human")
    package let safetyIdentifierKey: ConfigKey<String> = .text(
        "OPENAI_SAFETY_IDENTIFIER_KEY", secret: true,
        "≥ 16 bytes: `safety_identifier` = HMAC-SHA256 of the person's number under it; unset: embedded generates "
            + "`REPLIES_DATA_DIR/safety-identifier.key`, AWS sends no identifier")

    package init() {}
}

/// Which reply model answers.
package enum ModelKind: String, CaseIterable, Sendable { case openai, offline }
