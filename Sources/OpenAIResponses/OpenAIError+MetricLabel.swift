import RepliesCore

/// `replies_model_errors_total{kind}`: the error's kind, snake case (`rate_limited`, `timeout`, …).
extension OpenAIError: MetricLabeled {
    package var metricLabel: String { MetricLabel.snakeCase(kind.rawValue) }
}
