import Foundation

// The kinds of value a key can hold. Each factory parses, range-checks and describes its
// values, so an invalid value is refused at start with a message naming the key and the range.

extension ConfigKey where Value == String {
    /// Free text (trimmed). `secret: true` keeps it out of every message and listing.
    package static func text(_ name: String, default value: String? = nil, secret: Bool = false, _ meaning: String) -> ConfigKey {
        ConfigKey(name, default: value, defaultText: value ?? "", expected: "text", secret: secret, meaning: meaning) { $0 }
    }

    /// An http(s) URL with a host; a trailing `/` is dropped so paths can be appended.
    package static func url(_ name: String, default value: String? = nil, _ meaning: String) -> ConfigKey {
        ConfigKey(name, default: value, defaultText: value ?? "", expected: "an http(s) URL such as https://example.com", meaning: meaning) { text in
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  let host = url.host, !host.isEmpty
            else { return nil }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }
    }

    /// Text checked by `valid`; `expected` says what valid text looks like.
    package static func text(
        _ name: String, default value: String? = nil, expected: String, _ meaning: String, valid: @escaping @Sendable (String) -> Bool
    ) -> ConfigKey {
        ConfigKey(name, default: value, defaultText: value ?? "", expected: expected, meaning: meaning) { valid($0) ? $0 : nil }
    }
}

extension ConfigKey where Value == Int {
    /// A whole number within `range`.
    package static func integer(_ name: String, default value: Int?, in range: ClosedRange<Int>, _ meaning: String) -> ConfigKey {
        ConfigKey(
            name, default: value, defaultText: value.map(String.init) ?? "",
            expected: "a whole number in \(range.lowerBound)...\(range.upperBound)", meaning: meaning
        ) { text in
            guard let number = Int(text), range.contains(number) else { return nil }
            return number
        }
    }
}

extension ConfigKey where Value == Duration {
    /// Seconds (fractions allowed) within `range`, as a `Duration`.
    package static func seconds(_ name: String, default value: Double?, in range: ClosedRange<Double>, _ meaning: String) -> ConfigKey {
        ConfigKey(
            name, default: value.map(Duration.seconds), defaultText: value.map(Self.format) ?? "",
            expected: "seconds in \(format(range.lowerBound))...\(format(range.upperBound))", meaning: meaning
        ) { text in
            guard let seconds = Double(text), seconds.isFinite, range.contains(seconds) else { return nil }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }
}

extension ConfigKey where Value == Bool {
    /// `true`/`false` (also `1`/`0`, `yes`/`no`).
    package static func flag(_ name: String, default value: Bool, _ meaning: String) -> ConfigKey {
        ConfigKey(name, default: value, defaultText: String(value), expected: "true or false", meaning: meaning) { text in
            switch text.lowercased() {
            case "true", "1", "yes": true
            case "false", "0", "no": false
            default: nil
            }
        }
    }
}

extension ConfigKey where Value: CaseIterable & RawRepresentable<String> {
    /// One of the enum's raw values (case-insensitive); the error lists them all.
    package static func choice(_ name: String, default value: Value?, _ meaning: String) -> ConfigKey {
        let allowed = Value.allCases.map(\.rawValue)
        return ConfigKey(
            name, default: value, defaultText: value?.rawValue ?? "", expected: "one of " + allowed.joined(separator: ", "),
            meaning: meaning
        ) { text in
            Value(rawValue: text) ?? Value(rawValue: text.lowercased())
        }
    }
}
