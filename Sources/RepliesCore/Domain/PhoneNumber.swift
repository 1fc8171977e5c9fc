/// A phone number as the shared table stores it: E.164 text without a channel prefix.
///
/// Logs must use ``masked``; the full value is personal data.
///
/// ```swift
/// let user = PhoneNumber(address: "whatsapp:+447700900123")   // value "+447700900123"
/// user?.masked                                                  // "+44********23"
/// ```
package struct PhoneNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    package let value: String

    /// Strips any `channel:` prefix (`whatsapp:`, `sms:`) and surrounding white space.
    /// Returns nil for an empty result.
    package init?(address: String) {
        // Every webhook parses two addresses: skip Foundation's trimming when the edges are plain
        // ASCII, as they are in everything Twilio sends.
        var text = Self.hasPlainEdges(address[...]) ? address[...] : Substring(address.trimmingCharacters(in: .whitespacesAndNewlines))
        // Byte search: `StringProtocol.contains(_:)` with a string goes through Foundation's `range(of:)`.
        if let colon = text.firstIndex(of: ":"), !text[..<colon].utf8.contains(UInt8(ascii: "+")) {
            text = text[text.index(after: colon)...]
        }
        let trimmed = Self.hasPlainEdges(text) ? String(text) : text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        self.value = trimmed
    }

    /// Whether the first and last characters are visible ASCII (so trimming white space would change nothing).
    private static func hasPlainEdges(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
    }

    package init(e164: String) { self.value = e164 }

    /// Keeps the country code and the last two digits: enough to tell numbers apart in logs.
    package var masked: String { Self.mask(value) }

    package var description: String { masked }

    package static func mask(_ text: String) -> String {
        // Numbers are ASCII: mask their bytes (one per character) without breaking graphemes.
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) {
            guard bytes.count > 5 else { return String(repeating: "*", count: bytes.count) }
            let stars = [UInt8](repeating: UInt8(ascii: "*"), count: bytes.count - 5)
            return String(decoding: bytes.prefix(3) + stars + bytes.suffix(2), as: UTF8.self)
        }
        let characters = Array(text)
        guard characters.count > 5 else { return String(repeating: "*", count: characters.count) }
        let head = String(characters.prefix(3))
        let tail = String(characters.suffix(2))
        return head + String(repeating: "*", count: characters.count - 5) + tail
    }
}

import Foundation
