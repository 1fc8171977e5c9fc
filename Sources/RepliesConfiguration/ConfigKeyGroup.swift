/// A set of related keys, declared as stored `ConfigKey` properties. The catalog reads them by
/// reflection, so a key declared in a group is known everywhere (validation, unknown-key
/// suggestions, docs/CONFIGURATION.md) without being listed a second time.
///
/// ```swift
/// package struct MetricsKeys: ConfigKeyGroup {
///     package static let title = "Metrics"
///     package let port: ConfigKey<Int> = .integer("METRICS_PORT", default: nil, in: 1...65535, "separate port for GET /metrics")
///     package init() {}
/// }
/// ```
/// A new group is added to ``ConfigurationCatalog/groups``.
package protocol ConfigKeyGroup: Sendable {
    /// The section heading in the reference table.
    static var title: String { get }
    /// One or two sentences under the heading (may be empty).
    static var summary: String { get }
    init()
}

extension ConfigKeyGroup {
    package static var summary: String { "" }

    /// The group's keys in declaration order.
    package var keys: [any ConfigKeyDescription] {
        Mirror(reflecting: self).children.compactMap { $0.value as? AnyConfigKey }
    }
}
