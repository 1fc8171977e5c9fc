/// Where metrics and logs go.
package struct ObservabilityKeys: ConfigKeyGroup {
    package static let title = "Metrics and logs"
    package static let summary = "`serve` answers `GET /metrics` (Prometheus text format); Lambda writes one CloudWatch EMF line per invocation."

    package let logFormat: ConfigKey<LogFormat> = .choice(
        "LOG_FORMAT", default: .text, "`text`, or `json`: one JSON object per line (same fields, numbers masked the same way)")
    package let metricsPort: ConfigKey<Int> = .integer(
        "METRICS_PORT", default: nil, in: 0...65_535,
        "`serve`: answer `GET /metrics` on this separate port (on METRICS_HOST) instead of the main one; `0` picks a free port and prints it")
    package let metricsHost: ConfigKey<String> = .text(
        "METRICS_HOST", default: "127.0.0.1",
        "`serve`: address of the METRICS_PORT listener; loopback keeps the metrics off the public internet (a scraper on the same host or a sidecar reads them)")

    package init() {}
}

/// How log lines are written.
package enum LogFormat: String, CaseIterable, Sendable { case text, json }
