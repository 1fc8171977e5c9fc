/// Reads the addresses out of an address-list header value (`From`, `To`, `Cc`, RFC 5322 §3.4):
/// display names, quoted strings (which may contain commas and `@`), comments in parentheses,
/// groups (`Team: a@x, b@y;`) and angle-bracketed addr-specs. Display names are dropped and
/// addresses lower-cased (``EmailAddress``). Elements that hold no valid address are skipped,
/// so a malformed header yields fewer addresses rather than an error.
///
/// ```swift
/// AddressList.parse(#""Okafor, Sam" <Sam@Example.com>, lettings@example.com (Lettings)"#)
/// // [sam@example.com, lettings@example.com]
/// ```
package enum AddressList {
    /// More addresses than this in one header are not read (a reply has a handful).
    package static let maxAddresses = 1000

    package static func parse(_ header: String) -> [EmailAddress] {
        var addresses: [EmailAddress] = []
        for element in elements(of: header) {
            guard addresses.count < maxAddresses else { break }
            if let address = address(in: element), !addresses.contains(address) { addresses.append(address) }
        }
        return addresses
    }

    /// One list element, as written, split at top-level commas, group colons and semicolons.
    private static func elements(of header: String) -> [Element] {
        var elements: [Element] = []
        var current = Element()
        var inQuotes = false
        var commentDepth = 0
        var inAngle = false
        var escaped = false
        for character in header {
            if escaped {
                current.append(character, quoted: inQuotes, inComment: commentDepth > 0, inAngle: inAngle)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes || commentDepth > 0:
                escaped = true
            case "\"" where commentDepth == 0:
                inQuotes.toggle()
                current.append(character, quoted: true, inComment: false, inAngle: inAngle)
            case "(" where !inQuotes:
                commentDepth += 1
            case ")" where !inQuotes && commentDepth > 0:
                commentDepth -= 1
            case "<" where !inQuotes && commentDepth == 0:
                inAngle = true
                current.angle = ""
            case ">" where !inQuotes && commentDepth == 0 && inAngle:
                inAngle = false
            case "," where !inQuotes && commentDepth == 0 && !inAngle, ";" where !inQuotes && commentDepth == 0 && !inAngle:
                elements.append(current)
                current = Element()
            case ":" where !inQuotes && commentDepth == 0 && !inAngle:
                // A group name ends here; what came before it is not an address.
                current = Element()
            default:
                current.append(character, quoted: inQuotes, inComment: commentDepth > 0, inAngle: inAngle)
            }
        }
        elements.append(current)
        return elements
    }

    private static func address(in element: Element) -> EmailAddress? {
        if let angle = element.angle { return EmailAddress(angle) }
        if let address = EmailAddress(element.bare) { return address }
        // Some gateways write "Name addr@host" without brackets: take the word with an `@`.
        for word in element.bare.split(whereSeparator: { $0.isWhitespace }) where word.contains("@") {
            if let address = EmailAddress(String(word)) { return address }
        }
        return nil
    }

    private struct Element {
        /// Text outside quotes, comments and angle brackets.
        var bare = ""
        /// The last `<…>` content, if any.
        var angle: String?

        mutating func append(_ character: Character, quoted: Bool, inComment: Bool, inAngle: Bool) {
            if inAngle {
                angle?.append(character)
            } else if !quoted && !inComment {
                bare.append(character)
            }
        }
    }
}
