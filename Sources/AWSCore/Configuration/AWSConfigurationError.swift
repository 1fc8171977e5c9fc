/// Configuration that is missing or unusable; thrown at start-up, naming the key to fix.
///
/// ```swift
/// do { _ = try AWSClientConfiguration(environment: [:]) }
/// catch { print(error) }   // "AWS_REGION is not set: …"
/// ```
package enum AWSConfigurationError: Error, Hashable, CustomStringConvertible {
    case missing(key: String, hint: String)
    case invalid(key: String, reason: String)

    /// The environment key at fault.
    package var key: String {
        switch self {
        case .missing(let key, _), .invalid(let key, _): key
        }
    }

    package var description: String {
        switch self {
        case .missing(let key, let hint): "\(key) is not set: \(hint)"
        case .invalid(let key, let reason): "\(key) is invalid: \(reason)"
        }
    }
}
