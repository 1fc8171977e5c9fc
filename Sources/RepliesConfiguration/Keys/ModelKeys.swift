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

    package init() {}
}

/// Which reply model answers.
package enum ModelKind: String, CaseIterable, Sendable { case openai, offline }
