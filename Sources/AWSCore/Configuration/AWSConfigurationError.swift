/// Configuration that is missing or unusable; thrown at start-up, naming the key to fix.
///
/// ```swift
/// do { _ = try AWSClientConfiguration(environment: [:]) }
/// catch { print(error) }   // "AWS_REGION is not set: …"
/// ```
public enum AWSConfigurationError: Error, Hashable, CustomStringConvertible {
    case missing(key: String, hint: String)
    case invalid(key: String, reason: String)

    /// The environment key at fault.
    public var key: String {
        switch self {
        case .missing(let key, _), .invalid(let key, _): key
        }
    }

    public var description: String {
        switch self {
        case .missing(let key, let hint): "\(key) is not set: \(hint)"
        case .invalid(let key, let reason): "\(key) is invalid: \(reason)"
        }
    }
}
