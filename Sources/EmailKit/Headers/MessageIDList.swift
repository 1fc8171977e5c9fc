/// Reads message identifiers (`<id@host>`, RFC 5322 §3.6.4) out of `Message-ID`,
/// `In-Reply-To` and `References` values. Identifiers keep their angle brackets, the form in
/// which they are compared and written back into `In-Reply-To`/`References`.
///
/// ```swift
/// MessageIDList.parse("<a@x> (comment) <b@y>")   // ["<a@x>", "<b@y>"]
/// MessageIDList.parse("a@x")                      // ["<a@x>"]  (brackets missing: repaired)
/// ```
package enum MessageIDList {
    /// Identifiers longer than this are dropped: RFC 5322 lines are at most 998 characters and
    /// an identifier is written back into our replies' headers.
    package static let maxLength = 250
    /// A `References` header longer than this many identifiers is not read further.
    package static let maxCount = 200

    package static func parse(_ value: String) -> [String] {
        var identifiers: [String] = []
        var rest = Substring(value)
        while identifiers.count < maxCount, let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let candidate = String(rest[open...close])
            if isValid(candidate) && !identifiers.contains(candidate) { identifiers.append(candidate) }
            rest = rest[rest.index(after: close)...]
        }
        if identifiers.isEmpty {
            // Some software omits the brackets; a bare word with an `@` is still an identifier.
            for word in value.split(whereSeparator: { $0.isWhitespace || $0 == "," }) where word.contains("@") {
                let candidate = "<\(word)>"
                if isValid(candidate) && !identifiers.contains(candidate) { identifiers.append(candidate) }
                if identifiers.count == maxCount { break }
            }
        }
        return identifiers
    }

    /// `<` + at least one printable ASCII character other than white space and angle brackets + `>`.
    package static func isValid(_ identifier: String) -> Bool {
        guard identifier.count >= 3, identifier.count <= maxLength, identifier.hasPrefix("<"), identifier.hasSuffix(">") else { return false }
        return identifier.dropFirst().dropLast().allSatisfy { character in
            guard let ascii = character.asciiValue else { return false }
            return ascii > 0x20 && ascii < 0x7F && character != "<" && character != ">"
        }
    }
}
