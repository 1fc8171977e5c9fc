import Foundation
import CoreMetrics

/// Every metric the engine records, named once (Prometheus style: `replies_` prefix, snake
/// case, `_total` for counters, `_seconds` for durations). The CloudWatch EMF names are derived
/// from these (`replies_webhooks_total` → `WebhooksTotal`).
///
/// Labels take values from closed sets only (enums, outcome labels, bounded provider codes):
/// never a phone number, an e-mail address, a conversation id or free text, so the number of
/// series stays bounded whatever the traffic. Each metric always carries the same label names
/// (Prometheus refuses a name registered twice with different ones).
///
/// Recorded through swift-metrics' current factory: the process bootstraps it once
/// (`serve`: Prometheus; Lambda: EMF); tests give a task its own with `withMetricsFactory`.
package enum EngineMetrics {
    package static let webhooks = "replies_webhooks_total"
    package static let batches = "replies_batches_total"
    package static let batchDuration = "replies_batch_duration_seconds"
    package static let modelLatency = "replies_model_latency_seconds"
    package static let modelTokens = "replies_model_tokens_total"
    package static let modelErrors = "replies_model_errors_total"
    package static let sendLatency = "replies_send_latency_seconds"
    package static let sendErrors = "replies_send_errors_total"
    package static let handoffs = "replies_handoffs_total"
    package static let oldestPendingAge = "replies_oldest_pending_age_seconds"
    package static let triggerRetries = "replies_trigger_retries_total"
    package static let leaseConflicts = "replies_lease_conflicts_total"
    package static let deadLetters = "replies_dead_letters_total"
    package static let usernameWebhooks = "replies_username_webhooks_total"
    package static let statusCallbacks = "replies_status_callbacks_total"

    /// Every metric, with its kind, labels and what an operator reads from it (README, tests).
    package static let catalog: [MetricDescription] = [
        .init(webhooks, .counter, ["channel", "outcome"], "webhooks by channel and ingest outcome (accepted, duplicate, forbidden, unavailable, …)"),
        .init(batches, .counter, ["outcome"], "finished batch runs by outcome (answered, handed_off, opted_out, retry, dead_letter, …)"),
        .init(batchDuration, .timer, ["outcome"], "how long a batch run took, lease to settle"),
        .init(modelLatency, .timer, [], "model calls' latency, retries within the call included"),
        .init(modelTokens, .counter, ["direction"], "tokens the model read (`input`) and wrote (`output`)"),
        .init(modelErrors, .counter, ["kind"], "model calls that failed, by kind (rate_limited, timeout, insufficient_quota, …)"),
        .init(sendLatency, .timer, [], "provider sends' latency"),
        .init(sendErrors, .counter, ["code"], "sends that failed, by provider error code (Twilio's code, `http_NNN`, `timeout`, `transport`, …)"),
        .init(handoffs, .counter, ["reason"], "notices to the handoff queue, by reason"),
        .init(oldestPendingAge, .gauge, [], "age of the oldest staged message still waiting for a reply (the sweeper sets it each pass; 0 when none)"),
        .init(triggerRetries, .counter, ["result"], "triggers made visible again: `retrying` (batch asked), `abandoned` (time budget), `unsettled` (queue call failed)"),
        .init(leaseConflicts, .counter, ["kind"], "reply lease `busy` (another worker holds it) or `lost` (expired under a slow batch)"),
        .init(deadLetters, .counter, ["reason"], "triggers moved to the dead-letter queue: `malformed` body or `batch_failed`"),
        .init(usernameWebhooks, .counter, ["user_id", "outcome"], "WhatsApp webhooks whose `From` is no phone number (a username user's business-scoped ID), by how the user was identified and ingest outcome"),
        .init(statusCallbacks, .counter, ["status", "outcome"], "Twilio status callbacks by status (`sent`, `delivered`, `read`, `undelivered`, …, `other`) and outcome (recorded, unchanged, ignored, forbidden, …)"),
    ]

    static func webhook(channel: Channel, outcome: IngestOutcome) {
        Counter(label: webhooks, dimensions: [("channel", channel.rawValue), ("outcome", outcome.label)]).increment()
    }

    /// `user`: ``InboundUser/Kind`` other than `phone` (a closed set).
    static func usernameWebhook(user: InboundUser.Kind, outcome: IngestOutcome) {
        Counter(label: usernameWebhooks, dimensions: [("user_id", user.rawValue), ("outcome", outcome.label)]).increment()
    }

    static func batch(_ outcome: BatchOutcome, took duration: TimeInterval) {
        Counter(label: batches, dimensions: [("outcome", outcome.label)]).increment()
        CoreMetrics.Timer(label: batchDuration, dimensions: [("outcome", outcome.label)]).recordSeconds(max(0, duration))
    }

    static func modelCall(took duration: TimeInterval, usage: TokenUsage?) {
        CoreMetrics.Timer(label: modelLatency).recordSeconds(max(0, duration))
        guard let usage else { return }
        Counter(label: modelTokens, dimensions: [("direction", "input")]).increment(by: max(0, usage.prompt))
        Counter(label: modelTokens, dimensions: [("direction", "output")]).increment(by: max(0, usage.completion))
    }

    static func modelError(_ error: any Error) {
        Counter(label: modelErrors, dimensions: [("kind", MetricLabel.of(error))]).increment()
    }

    static func send(took duration: TimeInterval) {
        CoreMetrics.Timer(label: sendLatency).recordSeconds(max(0, duration))
    }

    static func sendError(_ error: any Error) {
        Counter(label: sendErrors, dimensions: [("code", MetricLabel.of(error))]).increment()
    }

    static func statusCallback(status: String, outcome: StatusCallbackOutcome) {
        Counter(label: statusCallbacks, dimensions: [("status", status), ("outcome", outcome.label)]).increment()
    }

    static func handoff(_ reason: HandoffNotice.Reason) {
        Counter(label: handoffs, dimensions: [("reason", reason.rawValue)]).increment()
    }

    static func oldestPending(age: TimeInterval) {
        Gauge(label: oldestPendingAge).record(max(0, age))
    }

    static func triggerRetry(_ result: TriggerRunResult) {
        Counter(label: triggerRetries, dimensions: [("result", result.label)]).increment()
    }

    static func leaseConflict(_ kind: LeaseConflict) {
        Counter(label: leaseConflicts, dimensions: [("kind", kind.rawValue)]).increment()
    }

    static func deadLetter(_ reason: DeadLetterReason) {
        Counter(label: deadLetters, dimensions: [("reason", reason.rawValue)]).increment()
    }

    enum LeaseConflict: String { case busy, lost }
    enum DeadLetterReason: String { case malformed, batchFailed = "batch_failed" }
}

/// One metric of ``EngineMetrics/catalog``.
package struct MetricDescription: Sendable, Hashable {
    package enum Kind: String, Sendable { case counter, gauge, timer }
    package var name: String
    package var kind: Kind
    package var labels: [String]
    package var meaning: String

    init(_ name: String, _ kind: Kind, _ labels: [String], _ meaning: String) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.meaning = meaning
    }
}
