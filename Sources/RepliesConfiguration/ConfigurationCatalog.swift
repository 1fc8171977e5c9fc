import RepliesCore

/// Every key the engine reads, by group: what the file check, the start-up validation and the
/// reference table iterate.
package enum ConfigurationCatalog {
    package static let groups: [any ConfigKeyGroup.Type] = [
        EngineKeys.self, ObservabilityKeys.self, BatchKeys.self, GuardKeys.self, ModelKeys.self, MediaKeys.self, SenderKeys.self, ServeKeys.self, AWSKeys.self, SetupKeys.self, LocalKeys.self,
        DebugKeys.self,
    ]

    package static var keys: [any ConfigKeyDescription] { groups.flatMap { $0.init().keys } }

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
