/// Configuration that cannot be used, found at start; each case names the key (or file) and
/// says what to do. Secret values are never repeated in a message.
///
/// ```swift
/// // configuration WORKER_CONCURRENCY='0' is invalid: expected a whole number in 1...64
/// ```
package enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalid(key: String, value: String, expected: String)
    case missing(key: String, hint: String)
    case unknownKey(key: String, file: String, suggestion: String?)
    case unreadableFile(path: String)
    case malformedFile(path: String, reason: String)
    /// Values that are each valid but do not fit together (a retry schedule longer than the
    /// time a function has); `keys` are the ones to change.
    case doesNotFit(keys: [String], detail: String)
    /// More than one problem: all are reported at once so they can be fixed in one go.
    case several([ConfigurationError])

    /// The key at fault (the first one for ``several(_:)``).
    package var key: String? {
        switch self {
        case .invalid(let key, _, _), .missing(let key, _), .unknownKey(let key, _, _): key
        case .doesNotFit(let keys, _): keys.first
        case .unreadableFile, .malformedFile: nil
        case .several(let errors): errors.first?.key
        }
    }

    package var description: String {
        switch self {
        case .invalid(let key, let value, let expected): "configuration \(key)='\(value)' is invalid: expected \(expected)"
        case .missing(let key, let hint): "configuration \(key) is not set: \(hint)"
        case .unknownKey(let key, let file, let suggestion):
            "the config file \(file) has an unknown key \(key)" + (suggestion.map { "; did you mean \($0)?" } ?? "")
                + " (docs/CONFIGURATION.md lists every key)"
        case .unreadableFile(let path): "cannot read the config file \(path)"
        case .malformedFile(let path, let reason): "the config file \(path) is not a JSON object of KEY: value: \(reason)"
        case .doesNotFit(let keys, let detail): "configuration \(keys.joined(separator: ", ")) do not fit together: \(detail)"
        case .several(let errors): errors.map(\.description).joined(separator: "\n")
        }
    }
}
