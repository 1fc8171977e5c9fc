import Configuration
import Foundation
import SystemPackage

/// The configuration of one process: the environment first, then the JSON file named by
/// `--config` or `REPLIES_CONFIG_FILE`, then each key's default (swift-configuration's
/// `ConfigReader` over an environment and a file provider). Values are read through typed
/// ``ConfigKey``s; secrets are read as secrets, so access reporters redact them.
///
/// ```swift
/// let values = try await ConfigurationValues.load(environment: ProcessInfo.processInfo.environment, file: options.config)
/// let engine = try EngineConfiguration(values)
/// ```
package struct ConfigurationValues: Sendable {
    private let reader: ConfigReader
    /// The config file in use, if any.
    package let file: String?
    /// Keys set in the environment (to tell where a value came from).
    private let environmentKeys: Set<String>

    /// Environment only, no file (tests, and processes that are given no file).
    package init(environment: [String: String]) {
        self.init(environment: environment, fileProvider: nil, file: nil)
    }

    private init(environment: [String: String], fileProvider: (any ConfigProvider)?, file: String?) {
        let secrets = ConfigurationCatalog.secretNames
        let environmentProvider = EnvironmentVariablesProvider(
            environmentVariables: environment, secretsSpecifier: .specific(secrets))
        reader = ConfigReader(providers: [environmentProvider] + (fileProvider.map { [$0] } ?? []))
        self.file = file
        environmentKeys = Set(environment.keys)
    }

    /// The environment plus the config file given by `file` or, when nil, `REPLIES_CONFIG_FILE`.
    /// The file must be a flat JSON object of known keys with string, number or boolean values;
    /// an unknown key is refused with the nearest known key suggested.
    package static func load(environment: [String: String], file: String? = nil) async throws(ConfigurationError) -> ConfigurationValues {
        let fileKey = EngineKeys().configFile
        let path = file ?? environment[fileKey.name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard let path else { return ConfigurationValues(environment: environment) }
        try ConfigFileCheck.check(path)
        let secrets = ConfigurationCatalog.secretNames
        let provider: FileProvider<JSONSnapshot>
        do {
            provider = try await FileProvider<JSONSnapshot>(
                parsingOptions: .init(secretsSpecifier: .specific(secrets)), filePath: FilePath(path))
        } catch {
            throw .malformedFile(path: path, reason: "\(error)")
        }
        return ConfigurationValues(environment: environment, fileProvider: provider, file: path)
    }

    /// The key's raw text, trimmed; nil when absent or blank (a blank value counts as unset).
    package func text(_ key: some ConfigKeyDescription) -> String? {
        let configKey = Configuration.ConfigKey([key.name])
        let secret = key.isSecret
        let raw: String?
        if let text = reader.string(forKey: configKey, isSecret: secret) {
            raw = text
        } else if file == nil {
            // The environment holds only strings: with no file there is nothing else to find
            // (two lookups per unset key saved — most keys are unset, and a cold start reads them all).
            raw = nil
        } else if let number = reader.double(forKey: configKey, isSecret: secret) {
            // A JSON number in the file.
            raw = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        } else if let flag = reader.bool(forKey: configKey, isSecret: secret) {
            raw = String(flag)
        } else {
            raw = nil
        }
        guard let trimmed = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// Whether the key has a (non-blank) value in the environment or the file.
    package func isSet(_ key: some ConfigKeyDescription) -> Bool { text(key) != nil }

    /// The value, nil when the key is unset; throws when it is set but invalid.
    package func optional<Value>(_ key: ConfigKey<Value>) throws(ConfigurationError) -> Value? {
        guard let text = text(key) else { return nil }
        guard let value = key.parse(text) else {
            throw .invalid(key: key.name, value: key.isSecret ? "<secret>" : text, expected: key.expected)
        }
        return value
    }

    /// The value, or the key's default when unset; `missing` when there is neither.
    package func value<Value>(_ key: ConfigKey<Value>, hint: String = "set it") throws(ConfigurationError) -> Value {
        if let value = try optional(key) { return value }
        guard let fallback = key.defaultValue else { throw .missing(key: key.name, hint: hint) }
        return fallback
    }

    /// Checks every key of `groups` that is set, reporting all invalid ones together.
    package func validate(_ groups: [any ConfigKeyGroup.Type]) throws(ConfigurationError) {
        var errors: [ConfigurationError] = []
        for key in groups.flatMap(ConfigurationCatalog.keys(of:)) {
            guard let text = text(key), let expected = key.problem(with: text) else { continue }
            errors.append(.invalid(key: key.name, value: key.isSecret ? "<secret>" : text, expected: expected))
        }
        if errors.count == 1, let only = errors.first { throw only }
        if !errors.isEmpty { throw .several(errors) }
    }

    /// Every known key with its effective value and where it came from, secrets masked: for
    /// `replies-engine config` and start-up logs.
    package func effective() -> [EffectiveSetting] {
        ConfigurationCatalog.keys.map { key in
            if let text = text(key) {
                let source: EffectiveSetting.Source = environmentKeys.contains(key.name) ? .environment : .file
                return EffectiveSetting(name: key.name, value: key.isSecret ? "<secret>" : text, source: source)
            }
            return EffectiveSetting(name: key.name, value: key.defaultText, source: .default)
        }
    }
}

/// One row of ``ConfigurationValues/effective()``.
package struct EffectiveSetting: Sendable, Hashable {
    package enum Source: String, Sendable { case environment, file, `default` }
    package var name: String
    package var value: String
    package var source: Source
}
