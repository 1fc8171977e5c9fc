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
        var root: [String: Any] = [Self.functionDimension: function]
        var directives: [[String: Any]] = []
        for start in stride(from: 0, to: names.count, by: Self.metricsPerDirective) {
            let chunk = names[start..<min(start + Self.metricsPerDirective, names.count)]
            directives.append([
                "Namespace": namespace,
                "Dimensions": [[Self.functionDimension]],
                "Metrics": chunk.map { ["Name": $0, "Unit": members[$0]?.unit.rawValue ?? "None"] },
            ])
        }
        for (name, member) in members {
            switch member.value {
            case .sum(let total): root[name] = total
            case .last(let value): root[name] = value
            case .values(let values): root[name] = Array(values.prefix(Self.valuesPerMetric))
            }
        }
        root["_aws"] = [
            "Timestamp": Int64((timestamp.timeIntervalSince1970 * 1000).rounded()),
            "CloudWatchMetrics": directives,
        ] as [String: Any]
        // Values are finite numbers and plain strings: serialisation cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
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
