import Foundation
import InMemoryBackend
import Metrics
import MetricsTestKit
import RepliesCore
import Testing

/// The metrics the core records, through a task-local test factory (nothing global is
/// bootstrapped): counts by outcome, latencies, tokens, errors by kind, the oldest-pending
/// gauge, and labels that never carry a number, an address or an id.
@Suite("Metrics the core records")
struct EngineMetricsTests {
    @Test func anAnsweredBurstCountsWebhooksBatchTokensAndLatencies() async throws {
        let metrics = TestMetrics()
        try await withMetricsFactory(metrics) {
            let engine = try await TestEngine()
            await engine.receive(1, "Hi")
            await engine.receive(2, "Are you there?")
            await engine.receive(1, "Hi")  // Twilio's retry of a pending message: accepted again, not a second batch.
            await engine.model.enqueue(.run { [clock = engine.clock] _ in
                clock.advance(by: .milliseconds(1_500))
                return ScriptedReplyModel.answer("Hello!")
            })
            try await engine.runUntilIdle()

            #expect(metrics.counterTotal(label: EngineMetrics.webhooks, dimensions: [("channel", "whatsapp"), ("outcome", "accepted")]) == 3)
            #expect(metrics.counterTotal(label: EngineMetrics.batches, dimensions: [("outcome", "answered")]) == 1)
            #expect(metrics.counterTotal(label: EngineMetrics.modelTokens, dimensions: [("direction", "input")]) == 1893)
            #expect(metrics.counterTotal(label: EngineMetrics.modelTokens, dimensions: [("direction", "output")]) == 61)
            let modelLatency = try metrics.expectTimer(EngineMetrics.modelLatency)
            #expect(modelLatency.values == [1_500_000_000])
            #expect(try metrics.expectTimer(EngineMetrics.sendLatency).values.count == 1)
            #expect(try metrics.expectTimer(EngineMetrics.batchDuration, [("outcome", "answered")]).values == [1_500_000_000])
            #expect(metrics.counterTotal(label: EngineMetrics.modelErrors) == 0)
            #expect(metrics.counterTotal(label: EngineMetrics.handoffs) == 0)
        }
    }

    @Test func failuresAreCountedByKindAndEndInAHandoffAndADeadLetter() async throws {
        let metrics = TestMetrics()
        try await withMetricsFactory(metrics) {
            let engine = try await TestEngine()
            await engine.receive(1, "Hi")
            await engine.model.enqueue(.fail(.permanent))
            try await engine.runUntilIdle()
            #expect(metrics.counterTotal(label: EngineMetrics.modelErrors, dimensions: [("kind", "other")]) == 1)
            #expect(metrics.counterTotal(label: EngineMetrics.handoffs, dimensions: [("reason", "reply_failed")]) == 1)
            #expect(metrics.counterTotal(label: EngineMetrics.batches, dimensions: [("outcome", "dead_letter")]) == 1)

            await engine.receive(2, "STOP")
            try await engine.runUntilIdle()
            #expect(metrics.counterTotal(label: EngineMetrics.handoffs, dimensions: [("reason", "opt_out")]) == 1)
        }
    }

    @Test func theSweeperSetsTheAgeOfTheOldestPendingMessage() async throws {
        let metrics = TestMetrics()
        try await withMetricsFactory(metrics) {
            let engine = try await TestEngine()
            let sweeper = PendingSweeper(ports: engine.ports, settings: engine.settings, logger: TestEngine.logger)
            await sweeper.sweepOnce()
            #expect(try metrics.expectGauge(EngineMetrics.oldestPendingAge).lastValue == 0)

            await engine.receive(1, "Hi")
            engine.clock.advance(by: .seconds(95))
            await sweeper.sweepOnce()
            #expect(try metrics.expectGauge(EngineMetrics.oldestPendingAge).lastValue == 95)

            engine.clock.advance(by: .seconds(5))
            try await engine.runUntilIdle()
            await sweeper.sweepOnce()
            #expect(try metrics.expectGauge(EngineMetrics.oldestPendingAge).lastValue == 0)
        }
    }

    @Test func aMalformedTriggerIsCountedAsADeadLetter() async throws {
        let metrics = TestMetrics()
        try await withMetricsFactory(metrics) {
            let engine = try await TestEngine()
            await engine.queue.enqueueRaw("not a trigger", channel: .whatsapp)
            let run = TriggerRun(source: engine.queue, processor: engine.processor, visibility: .seconds(60), timer: engine.clock.sleeping, logger: TestEngine.logger)
            for delivery in try await engine.queue.receive(max: 10, wait: .zero, visibility: .seconds(60)) {
                #expect(await run.consume(delivery) == .deadLettered)
            }
            #expect(metrics.counterTotal(label: EngineMetrics.deadLetters, dimensions: [("reason", "malformed")]) == 1)
        }
    }

    /// Whatever happens, a label value is a short plain token: never a phone number, an e-mail
    /// address, a conversation id, a SID or free text.
    @Test func noLabelValueLooksLikeANumberAnAddressOrAnId() async throws {
        let metrics = TestMetrics()
        try await withMetricsFactory(metrics) {
            let engine = try await TestEngine()
            await engine.receive(1, "Hi")
            await engine.model.enqueue(.fail(.transient))
            try await engine.runUntilIdle()
            await engine.receive(2, "Please get me a human")
            await engine.model.enqueue(.reply(ScriptedReplyModel.answer("A colleague will call you.", handOff: true, reason: "asked for a human")))
            try await engine.runUntilIdle()
            _ = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(3), body: "forged", signature: nil))
            _ = await engine.ingest.handle(TestEngine.webhook(sid: Fixture.sid(4), body: "unknown pair", from: "+15005550999"))
            await engine.receive(5, "STOP")
            try await engine.runUntilIdle()
            let sweeper = PendingSweeper(ports: engine.ports, settings: engine.settings, logger: TestEngine.logger)
            await sweeper.sweepOnce()

            let labels = metrics.counters.flatMap(\.dimensions) + metrics.timers.flatMap(\.dimensions)
                + metrics.recorders.flatMap(\.dimensions)
            #expect(labels.count >= 8)
            let values = Set(labels.map(\.1))
            for value in values {
                #expect(MetricLabelShape.isPlainToken(value), "label value \(value)")
                #expect(!MetricLabelShape.looksPersonal(value), "label value \(value)")
            }
            for forbidden in [Fixture.user, Fixture.company, Fixture.conversationId, Fixture.sid(1), "+15005550999"] {
                #expect(!values.contains { $0.contains(forbidden) })
            }
            // Every metric name is one the catalog documents, with the catalog's label names.
            for metric in metrics.counters.map({ ($0.label, $0.dimensions.map(\.0)) }) + metrics.timers.map({ ($0.label, $0.dimensions.map(\.0)) }) {
                #expect(EngineMetrics.catalog.contains { $0.name == metric.0 && $0.labels == metric.1 }, "\(metric)")
            }
        }
    }

    @Test func errorLabelsAreBoundedWhateverTheErrorSays() {
        struct Chatty: MetricLabeled { var metricLabel: String }
        #expect(MetricLabel.of(Chatty(metricLabel: "rate_limited")) == "rate_limited")
        #expect(MetricLabel.of(Chatty(metricLabel: "+447700900123")) == "other")
        #expect(MetricLabel.of(Chatty(metricLabel: "someone@example.com")) == "other")
        #expect(MetricLabel.of(Chatty(metricLabel: String(repeating: "a", count: 33))) == "other")
        #expect(MetricLabel.of(ModelFailure.permanent) == "other")
        #expect(MetricLabel.snakeCase("insufficientQuota") == "insufficient_quota")
    }
}

/// What a label value may look like.
enum MetricLabelShape {
    static func isPlainToken(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 32 && value.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }

    /// A phone number (7+ digits), an e-mail address, a UUID-like or SID-like id.
    static func looksPersonal(_ value: String) -> Bool {
        value.filter(\.isNumber).count >= 7 || value.contains("@") || value.contains("-")
            || value.range(of: "^(SM|MM|AC|conv)[0-9a-f]", options: .regularExpression) != nil
    }
}
