/// An e-mail address reduced to its addr-spec (`local@domain`, no display name, no angle
/// brackets) and lower-cased, so that addresses from headers, the SMTP envelope and the
/// template sender's records compare equal however they were written.
///
/// Local parts are case-sensitive in theory (RFC 5321 §2.4) but not in practice, and the
/// template sender stores whatever the frontend sent; comparing lower-cased is what every
/// mailbox provider does.
///
/// ```swift
/// EmailAddress("  <Sam.Okafor@Example.COM> ")?.value   // "sam.okafor@example.com"
/// EmailAddress("not an address")                         // nil
/// ```
package struct EmailAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// RFC 5321 limits a path to 256 octets; SendGrid refuses addresses over 320 characters.
    package static let maxLength = 320

    /// The lower-cased addr-spec.
    package let value: String

    /// Accepts a bare addr-spec, optionally inside angle brackets and surrounded by white space.
    /// Nil when the text is not one address: no `@`, an empty local part or domain, white space
    /// or control characters inside, a domain without a dot-separated label structure, or longer
    /// than ``maxLength``.
    package init?(_ text: String) {
        var trimmed = Substring(text).trimmingWhitespace()
        if trimmed.hasPrefix("<") && trimmed.hasSuffix(">") { trimmed = trimmed.dropFirst().dropLast() }
        guard !trimmed.isEmpty, trimmed.count <= Self.maxLength,
              let at = trimmed.lastIndex(of: "@")
        else { return nil }
        let local = trimmed[..<at]
        let domain = trimmed[trimmed.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty,
              !trimmed.contains(where: { $0.isWhitespace || $0.isNewline || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }),
              !trimmed.contains(where: { "<>(),;\\".contains($0) && !local.hasPrefix("\"") }),
              Self.isPlausibleDomain(domain)
        else { return nil }
        self.value = trimmed.lowercased()
    }

    /// Decodes from a plain JSON string, refusing what ``init(_:)`` refuses.
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = EmailAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an e-mail address"))
        }
        self = address
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    package var localPart: Substring { value[..<(value.lastIndex(of: "@") ?? value.endIndex)] }

    package var domain: Substring {
        guard let at = value.lastIndex(of: "@") else { return "" }
        return value[value.index(after: at)...]
    }

    /// For logs: the first character of the local part and the domain (`s***@example.com`);
    /// addresses are personal data and never logged whole.
    package var masked: String { "\(localPart.prefix(1))***@\(domain)" }

    package var description: String { value }

    package static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.value < rhs.value }

    /// A host name of dot-separated labels (letters, digits, hyphens, or any non-ASCII letter for
    /// internationalised domains), or an address literal in brackets.
    private static func isPlausibleDomain(_ domain: Substring) -> Bool {
        if domain.hasPrefix("[") { return domain.hasSuffix("]") && domain.count > 2 }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0 == "-" || $0.isLetter || $0.isNumber }
        }
    }
}

extension Substring {
    /// The substring without leading and trailing white space and newlines.
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[first...last]
    }
}
