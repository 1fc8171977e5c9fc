package import CoreMetrics
package import Foundation

/// A swift-metrics backend for Lambda: it keeps what one invocation records and, at
/// ``flush(function:at:)``, renders it as one CloudWatch Embedded Metric Format log line, so the
/// metrics reach CloudWatch through the function's log, without an API call.
///
/// Counters are summed, timers and non-aggregating recorders keep their values (timers in
/// seconds), gauges keep the last value. Lambda runs one invocation at a time per execution
/// environment, so a flush at the end of each invocation carries exactly that invocation's metrics.
///
/// ```swift
/// let emf = EMFMetricsFactory()
/// MetricsSystem.bootstrap(emf)
/// // … handle one event …
/// if let line = emf.flush(function: "webhook") { print(line) }
/// ```
package final class EMFMetricsFactory: MetricsFactory, @unchecked Sendable {
    // Guarded by `lock`: handlers are called from any task.
    private let lock = NSLock()
    private var recorded: [EMFSeries: EMFValue] = [:]
    package let namespace: String

    package init(namespace: String = EMFDocument.namespace) {
        self.namespace = namespace
    }

    /// The CloudWatch name of a swift-metrics label: `replies_webhooks_total` → `WebhooksTotal`.
    package static func metricName(_ label: String) -> String {
        EMFDocument.metricName(label)
    }

    func add(_ series: EMFSeries, _ amount: Double, _ update: (inout EMFValue) -> Void, initial: EMFValue) {
        // JSON has no NaN or infinity: such a value would make the whole line invalid.
        guard amount.isFinite else { return }
        lock.withLock {
            var value = recorded[series] ?? initial
            update(&value)
            recorded[series] = value
        }
    }

    /// Everything recorded since the last flush, as one EMF line (no trailing newline), and
    /// forgets it; nil when nothing was recorded.
    package func flush(function: String, at date: Date = Date()) -> String? {
        let taken: [EMFSeries: EMFValue] = lock.withLock {
            defer { recorded = [:] }
            return recorded
        }
        guard !taken.isEmpty else { return nil }
        return EMFDocument(namespace: namespace, function: function, timestamp: date, series: taken).line()
    }

    // MARK: MetricsFactory

    package func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        EMFHandler(factory: self, series: EMFSeries(label, dimensions, .count))
    }

    package func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        EMFHandler(factory: self, series: EMFSeries(label, dimensions, .count))
    }

    package func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        EMFHandler(factory: self, series: EMFSeries(label, dimensions, EMFSeries.unit(of: label)), keepsValues: aggregate)
    }

    package func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        EMFHandler(factory: self, series: EMFSeries(label, dimensions, EMFSeries.unit(of: label)))
    }

    package func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        EMFHandler(factory: self, series: EMFSeries(label, dimensions, .seconds))
    }

    package func destroyCounter(_ handler: any CounterHandler) {}
    package func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    package func destroyRecorder(_ handler: any RecorderHandler) {}
    package func destroyMeter(_ handler: any MeterHandler) {}
    package func destroyTimer(_ handler: any TimerHandler) {}
}

/// One metric and label set.
struct EMFSeries: Hashable {
    enum Unit: String { case count = "Count", seconds = "Seconds", none = "None" }
    var label: String
    var dimensions: [String]
    var unit: Unit

    init(_ label: String, _ dimensions: [(String, String)], _ unit: Unit) {
        self.label = label
        self.dimensions = dimensions.map(\.1)
        self.unit = unit
    }

    static func unit(of label: String) -> Unit {
        label.hasSuffix("_seconds") ? .seconds : .none
    }
}

/// What one series recorded during the invocation.
enum EMFValue {
    case sum(Double)
    case last(Double)
    case values([Double])
}

/// Every handler kind in one: each call adds to the factory's series.
final class EMFHandler: CounterHandler, FloatingPointCounterHandler, RecorderHandler, MeterHandler, TimerHandler, @unchecked Sendable {
    let factory: EMFMetricsFactory
    let series: EMFSeries
    let keepsValues: Bool

    init(factory: EMFMetricsFactory, series: EMFSeries, keepsValues: Bool = false) {
        self.factory = factory
        self.series = series
        self.keepsValues = keepsValues
    }

    func increment(by amount: Int64) { sum(Double(amount)) }
    func increment(by amount: Double) { sum(amount) }
    func reset() {}
    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        if keepsValues { append(value) } else { factory.add(series, value, { $0 = .last(value) }, initial: .last(value)) }
    }
    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) { factory.add(series, value, { $0 = .last(value) }, initial: .last(value)) }
    func decrement(by amount: Double) { sum(-amount) }
    func recordNanoseconds(_ duration: Int64) { append(Double(duration) / 1e9) }

    private func sum(_ amount: Double) {
        factory.add(series, amount, { if case .sum(let total) = $0 { $0 = .sum(total + amount) } }, initial: .sum(0))
    }

    private func append(_ value: Double) {
        factory.add(series, value, { if case .values(let all) = $0 { $0 = .values(all + [value]) } }, initial: .values([]))
    }
}
