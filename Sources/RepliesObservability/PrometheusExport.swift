package import CoreMetrics
import Prometheus

/// `serve`'s metrics: a swift-prometheus registry behind the swift-metrics factory the process
/// bootstraps, rendered in Prometheus' text exposition format for `GET /metrics`.
///
/// ```swift
/// let export = PrometheusExport()
/// MetricsSystem.bootstrap(export.factory)
/// let body = export.text()
/// ```
package struct PrometheusExport: Sendable {
    private let registry: PrometheusCollectorRegistry
    package let factory: any MetricsFactory

    /// The content type of ``text()`` (text exposition format 0.0.4).
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    package init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Latencies from a few milliseconds (a local send) to a minute (a slow model call or a
        // batch that retried inside the call).
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        self.registry = registry
        self.factory = factory
    }

    /// Every metric recorded so far.
    package func text() -> String {
        registry.emitToString()
    }
}
