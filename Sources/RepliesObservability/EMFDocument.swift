import Foundation

/// One CloudWatch Embedded Metric Format document: `_aws.Timestamp`, `_aws.CloudWatchMetrics`
/// (namespace, the `Function` dimension, the metric definitions) and the values as members of
/// the root object, per the EMF specification
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
///
/// Every metric is dimensioned by `Function` alone (what the template's alarms select on). A
/// metric with labels is emitted twice: its total under the plain name (`WebhooksTotal`), and
/// one metric per label set whose name appends the label values (`WebhooksTotal.whatsapp.accepted`);
/// a line can hold only one value per dimension, and this keeps it one line per invocation.
struct EMFDocument {
    static let namespace = "RepliesEngine"
    static let functionDimension = "Function"
    /// The specification's limits: 100 metrics per directive, 100 values per metric.
    static let metricsPerDirective = 100
    static let valuesPerMetric = 100

    var namespace: String
    var function: String
    var timestamp: Date
    var series: [EMFSeries: EMFValue]

    /// `replies_webhooks_total` → `WebhooksTotal`.
    static func metricName(_ label: String) -> String {
        let trimmed = label.hasPrefix("replies_") ? String(label.dropFirst("replies_".count)) : label
        return trimmed.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    func line() -> String {
        var members: [String: (unit: EMFSeries.Unit, value: EMFValue)] = [:]
        func add(_ name: String, _ unit: EMFSeries.Unit, _ value: EMFValue) {
            members[name] = (unit, members[name].map { Self.merge($0.value, value) } ?? value)
        }
        for (series, value) in series {
            let name = Self.metricName(series.label)
            add(name, series.unit, value)
            if !series.dimensions.isEmpty {
                add(([name] + series.dimensions).joined(separator: "."), series.unit, value)
            }
        }
        let names = members.keys.sorted()
        var directives: [JSONText.Value] = []
        for start in stride(from: 0, to: names.count, by: Self.metricsPerDirective) {
            let chunk = names[start..<min(start + Self.metricsPerDirective, names.count)]
            directives.append(.object([
                ("Namespace", .string(namespace)),
                ("Dimensions", .array([.array([.string(Self.functionDimension)])])),
                ("Metrics", .array(chunk.map { .object([("Name", .string($0)), ("Unit", .string(members[$0]?.unit.rawValue ?? "None"))]) })),
            ]))
        }
        var root: [(String, JSONText.Value)] = [(Self.functionDimension, .string(function))]
        for name in names {
            guard let member = members[name] else { continue }
            switch member.value {
            case .sum(let total): root.append((name, .number(total)))
            case .last(let value): root.append((name, .number(value)))
            case .values(let values): root.append((name, .array(values.prefix(Self.valuesPerMetric).map { .number($0) })))
            }
        }
        root.append(("_aws", .object([
            ("Timestamp", .integer(Int64((timestamp.timeIntervalSince1970 * 1000).rounded()))),
            ("CloudWatchMetrics", .array(directives)),
        ])))
        // Values are finite numbers (the factory drops the others) and plain strings.
        return JSONText.line(.object(root))
    }

    /// A total across label sets: sums add, values concatenate, the last value wins.
    static func merge(_ old: EMFValue, _ new: EMFValue) -> EMFValue {
        switch (old, new) {
        case (.sum(let a), .sum(let b)): .sum(a + b)
        case (.values(let a), .values(let b)): .values(a + b)
        default: new
        }
    }
}
