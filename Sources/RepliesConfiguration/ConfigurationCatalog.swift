import RepliesCore

/// Every key the engine reads, by group: what the file check, the start-up validation and the
/// reference table iterate.
package enum ConfigurationCatalog {
    package static let groups: [any ConfigKeyGroup.Type] = [
        EngineKeys.self, ObservabilityKeys.self, BatchKeys.self, GuardKeys.self, ModelKeys.self, MediaKeys.self, SenderKeys.self, ServeKeys.self, AWSKeys.self, SetupKeys.self, LocalKeys.self,
        DebugKeys.self,
    ]

    /// Every group's keys, read by reflection once per process (it is not free: a cold start
    /// validates the configuration through these lists).
    private static let keysByGroup: [(group: ObjectIdentifier, keys: [any ConfigKeyDescription])] =
        groups.map { (ObjectIdentifier($0), $0.init().keys) }

    package static let keys: [any ConfigKeyDescription] = keysByGroup.flatMap(\.keys)

    /// The names of the keys whose values are secrets (masked wherever values are shown).
    package static let secretNames: Set<String> = Set(keys.filter(\.isSecret).map(\.name))

    /// The keys of one group, in declaration order.
    package static func keys(of group: any ConfigKeyGroup.Type) -> [any ConfigKeyDescription] {
        keysByGroup.first { $0.group == ObjectIdentifier(group) }?.keys ?? group.init().keys
    }

    package static func key(named name: String) -> (any ConfigKeyDescription)? {
        keys.first { $0.name == name }
    }

    /// The known key closest to a misspelt one, when it is close enough to be a likely typo.
    package static func suggestion(for name: String) -> String? {
        let upper = name.uppercased()
        let scored = keys.map { ($0.name, Suggestion.distance(upper, $0.name)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
    }
}
