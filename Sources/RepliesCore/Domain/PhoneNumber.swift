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
        var text = Substring(address.trimmingCharacters(in: .whitespacesAndNewlines))
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("+") {
            text = text[text.index(after: colon)...]
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        self.value = trimmed
    }

    package init(e164: String) { self.value = e164 }

    /// Keeps the country code and the last two digits: enough to tell numbers apart in logs.
    package var masked: String { Self.mask(value) }

    package var description: String { masked }

    package static func mask(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count > 5 else { return String(repeating: "*", count: characters.count) }
        let head = String(characters.prefix(3))
        let tail = String(characters.suffix(2))
        return head + String(repeating: "*", count: characters.count - 5) + tail
    }
}

import Foundation
