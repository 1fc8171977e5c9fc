/// One configuration key, declared once with everything the reader, the start-up validation and
/// the reference table (docs/CONFIGURATION.md) need: its name (the environment variable, and the
/// key in a `--config` JSON file), how its text becomes a typed value, the default, whether it is
/// a secret, and a one-line meaning.
///
/// Keys are stored properties of a ``ConfigKeyGroup``; declaring one there is all it takes for it
/// to be read, validated, refused when misspelt in a file and documented:
///
/// ```swift
/// package let window: ConfigKey<Duration> = .seconds(
///     "BATCH_WINDOW_SECONDS", default: 10, in: 0...900, "how long the first message of a burst waits for the rest")
/// ```
package final class ConfigKey<Value: Sendable>: AnyConfigKey, @unchecked Sendable {
    /// Used when the key is absent (or blank); nil when the key is optional or required.
    package let defaultValue: Value?
    let parse: @Sendable (String) -> Value?

    package init(
        _ name: String, default defaultValue: Value?, defaultText: String, expected: String, secret: Bool = false,
        meaning: String, parse: @escaping @Sendable (String) -> Value?
    ) {
        self.defaultValue = defaultValue
        self.parse = parse
        super.init(name: name, meaning: meaning, isSecret: secret, defaultText: defaultText, expected: expected)
    }

    override package func problem(with text: String) -> String? {
        parse(text) == nil ? expected : nil
    }

    /// The same key with the reference table showing `text` as its default (for keys whose
    /// default depends on where they are used).
    package func documentingDefault(_ text: String) -> ConfigKey {
        ConfigKey(name, default: defaultValue, defaultText: text, expected: expected, secret: isSecret, meaning: meaning, parse: parse)
    }
}

/// What a key says about itself apart from its value type. A class (and ``ConfigKey`` its
/// subclass, immutable) so that finding the keys among a group's properties is a class cast:
/// casting each property to the ``ConfigKeyDescription`` protocol instead made the Swift runtime
/// scan every protocol conformance of the process once per value type (≈ 0.5–1 ms of every start).
package class AnyConfigKey: ConfigKeyDescription, @unchecked Sendable {
    package let name: String
    package let meaning: String
    package let isSecret: Bool
    /// The default as the reference table shows it ("" when there is none).
    package let defaultText: String
    /// What a valid value looks like, for error messages ("a whole number in 1...64").
    package let expected: String

    init(name: String, meaning: String, isSecret: Bool, defaultText: String, expected: String) {
        self.name = name
        self.meaning = meaning
        self.isSecret = isSecret
        self.defaultText = defaultText
        self.expected = expected
    }

    /// Overridden by ``ConfigKey``; a plain description accepts any text.
    package func problem(with text: String) -> String? { nil }
}

/// What every key says about itself, whatever its value type: the catalog, the validation pass
/// and the reference table work on this.
package protocol ConfigKeyDescription: Sendable {
    var name: String { get }
    var meaning: String { get }
    var isSecret: Bool { get }
    var defaultText: String { get }
    var expected: String { get }
    /// nil when `text` is a valid value, else what was expected.
    func problem(with text: String) -> String?
}
