/// An error that can name itself as a metric label: a short value from a closed set (an error
/// kind, a provider's numeric code), never a message, a number or an id.
package protocol MetricLabeled: Error {
    var metricLabel: String { get }
}

/// Label values for errors, bounded whatever the error says.
package enum MetricLabel {
    /// The error's own label when it has one and it is short and plain (lower-case letters,
    /// digits, `_`), else `other`.
    package static func of(_ error: any Error) -> String {
        guard let labeled = error as? any MetricLabeled else { return "other" }
        return bounded(labeled.metricLabel)
    }

    /// `value` when it is a plain token of at most 32 characters, `other` otherwise.
    package static func bounded(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
        return !value.isEmpty && value.utf8.count <= 32 && plain ? value : "other"
    }

    /// `rateLimited` → `rate_limited`, for enum cases used as labels.
    package static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
