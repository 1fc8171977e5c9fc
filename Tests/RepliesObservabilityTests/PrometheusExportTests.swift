import CoreMetrics
import RepliesCore
import RepliesObservability
import Testing

@Suite struct PrometheusExportTests {
    @Test func countersTimersAndGaugesAreRenderedInTheTextFormat() {
        let export = PrometheusExport()
        let factory = export.factory
        Counter(label: EngineMetrics.batches, dimensions: [("outcome", "answered")], factory: factory).increment(by: 2)
        CoreMetrics.Timer(label: EngineMetrics.sendLatency, factory: factory).recordMilliseconds(30)
        Gauge(label: EngineMetrics.oldestPendingAge, factory: factory).record(12)
        let text = export.text()
        #expect(text.contains("# TYPE replies_batches_total counter"))
        #expect(text.contains(#"replies_batches_total{outcome="answered"} 2"#))
        #expect(text.contains("# TYPE replies_send_latency_seconds histogram"))
        #expect(text.contains(#"replies_send_latency_seconds_bucket{le="0.05"} 1"#) || text.contains(#"replies_send_latency_seconds_bucket{le="0.1"} 1"#))
        #expect(text.contains("replies_send_latency_seconds_count 1"))
        #expect(text.contains("replies_oldest_pending_age_seconds 12"))
    }
}
