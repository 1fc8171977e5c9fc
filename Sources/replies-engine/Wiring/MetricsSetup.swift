import Metrics
import RepliesObservability

/// swift-metrics is bootstrapped once per process, by the command that runs the engine.
enum MetricsSetup {
    /// `serve` and `demo`: a Prometheus registry, read by `GET /metrics`.
    static func prometheus() -> PrometheusExport {
        let export = PrometheusExport()
        MetricsSystem.bootstrap(export.factory)
        return export
    }

    /// Lambda: the EMF factory each invocation flushes into one log line.
    static func embeddedMetricFormat() -> EMFMetricsFactory {
        let factory = EMFMetricsFactory()
        MetricsSystem.bootstrap(factory)
        return factory
    }
}
