import CoreMetrics
import Foundation
import RepliesCore
import RepliesObservability
import Testing

/// The EMF line parsed back as CloudWatch would: one JSON object, `_aws.Timestamp` in epoch
/// milliseconds, one directive per ≤ 100 metrics with the `RepliesEngine` namespace and the
/// `Function` dimension, every named metric present as a number (or array) in the root.
@Suite struct EMFMetricsFactoryTests {
    func parse(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n"))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func oneInvocationBecomesOneLineWithTotalsAndBreakdowns() throws {
        let emf = EMFMetricsFactory()
        Counter(label: EngineMetrics.webhooks, dimensions: [("channel", "whatsapp"), ("outcome", "accepted")], factory: emf).increment()
        Counter(label: EngineMetrics.webhooks, dimensions: [("channel", "whatsapp"), ("outcome", "accepted")], factory: emf).increment()
        Counter(label: EngineMetrics.webhooks, dimensions: [("channel", "sms"), ("outcome", "forbidden")], factory: emf).increment()
        CoreMetrics.Timer(label: EngineMetrics.modelLatency, factory: emf).recordMilliseconds(1_500)
        CoreMetrics.Timer(label: EngineMetrics.modelLatency, factory: emf).recordMilliseconds(250)
        Gauge(label: EngineMetrics.oldestPendingAge, factory: emf).record(42)

        let at = Date(timeIntervalSince1970: 1_767_225_600.123)
        let line = try #require(emf.flush(function: "webhook", at: at))
        let root = try parse(line)
        let aws = try #require(root["_aws"] as? [String: Any])
        #expect(aws["Timestamp"] as? Int == 1_767_225_600_123)
        let directives = try #require(aws["CloudWatchMetrics"] as? [[String: Any]])
        #expect(directives.count == 1)
        let directive = try #require(directives.first)
        #expect(directive["Namespace"] as? String == "RepliesEngine")
        #expect(directive["Dimensions"] as? [[String]] == [["Function"]])
        let metrics = try #require(directive["Metrics"] as? [[String: String]])
        let names = metrics.compactMap { $0["Name"] }
        #expect(Set(names) == [
            "WebhooksTotal", "WebhooksTotal.whatsapp.accepted", "WebhooksTotal.sms.forbidden",
            "ModelLatencySeconds", "OldestPendingAgeSeconds",
        ])
        #expect(metrics.first { $0["Name"] == "WebhooksTotal" }?["Unit"] == "Count")
        #expect(metrics.first { $0["Name"] == "ModelLatencySeconds" }?["Unit"] == "Seconds")
        #expect(root["Function"] as? String == "webhook")
        #expect(root["WebhooksTotal"] as? Double == 3)
        #expect(root["WebhooksTotal.whatsapp.accepted"] as? Double == 2)
        #expect(root["WebhooksTotal.sms.forbidden"] as? Double == 1)
        #expect(root["ModelLatencySeconds"] as? [Double] == [1.5, 0.25])
        #expect(root["OldestPendingAgeSeconds"] as? Double == 42)
        // Every metric a directive names is a member of the root (the specification's MUST).
        for name in names { #expect(root[name] != nil, "\(name)") }

        // The next invocation starts empty.
        #expect(emf.flush(function: "webhook") == nil)
    }

    @Test func theBriefsNamesComeOutOfTheCatalog() {
        let names = Set(EngineMetrics.catalog.map(\.name).map(EMFMetricsFactory.metricName))
        for expected in [
            "WebhooksTotal", "BatchesTotal", "HandoffsTotal", "DeadLettersTotal", "ModelErrorsTotal", "SendErrorsTotal",
            "OldestPendingAgeSeconds",
        ] {
            #expect(names.contains(expected), "\(expected)")
        }
    }

    @Test func moreThanAHundredMetricsAreSplitAcrossDirectives() throws {
        let emf = EMFMetricsFactory()
        for code in 0..<150 {
            Counter(label: EngineMetrics.sendErrors, dimensions: [("code", "\(20_000 + code)")], factory: emf).increment()
        }
        let root = try parse(try #require(emf.flush(function: "worker")))
        let directives = try #require((root["_aws"] as? [String: Any])?["CloudWatchMetrics"] as? [[String: Any]])
        #expect(directives.map { ($0["Metrics"] as? [Any])?.count ?? 0 } == [100, 51])
    }

    /// The line is written by hand (no ICU collation on a cold start): names that need escaping
    /// and values of every shape must still parse back exactly, with Foundation's own parser.
    @Test func namesThatNeedEscapingAndEveryKindOfValueParseBack() throws {
        let emf = EMFMetricsFactory()
        let odd = "q\"uote\\back/slash\nline\u{1}ctl-é"
        Counter(label: EngineMetrics.webhooks, dimensions: [("channel", odd)], factory: emf).increment(by: 3)
        CoreMetrics.Timer(label: EngineMetrics.modelLatency, factory: emf).recordNanoseconds(1)
        CoreMetrics.Timer(label: EngineMetrics.modelLatency, factory: emf).recordMilliseconds(1_234)
        Gauge(label: EngineMetrics.oldestPendingAge, factory: emf).record(1e20)

        let root = try parse(try #require(emf.flush(function: "webhook")))
        #expect(root["WebhooksTotal." + odd] as? Double == 3)
        #expect(root["ModelLatencySeconds"] as? [Double] == [1e-9, 1.234])
        #expect(root["OldestPendingAgeSeconds"] as? Double == 1e20)
        let directive = try #require(((root["_aws"] as? [String: Any])?["CloudWatchMetrics"] as? [[String: Any]])?.first)
        let names = try #require(directive["Metrics"] as? [[String: String]]).compactMap { $0["Name"] }
        #expect(names.contains("WebhooksTotal." + odd))
    }

    @Test func valuesThatAreNotNumbersAreDropped() throws {
        let emf = EMFMetricsFactory()
        Gauge(label: EngineMetrics.oldestPendingAge, factory: emf).record(Double.nan)
        #expect(emf.flush(function: "sweeper") == nil)
    }
}
