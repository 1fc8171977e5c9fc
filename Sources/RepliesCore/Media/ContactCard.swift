package import Foundation

/// A contact shared on WhatsApp: Twilio posts it as a vCard media item (`text/vcard`). The worker
/// reads the names, numbers, e-mail addresses and organisations from it, so the model and the
/// record get `[Contact shared: Jane Doe (Acme), +31 6 12345678, jane@example.com]` rather than an
/// unopened attachment. Several contacts in one card are separated by `;`.
package enum ContactCard {
    /// A vCard larger than this is not a shared contact card (WhatsApp's are a few hundred bytes).
    static let maxBytes = 64 * 1024
    /// Longest value kept, and longest description: a card cannot flood the turn.
    static let maxValueCharacters = 120
    static let maxDescriptionCharacters = 600

    /// Nil when the data is not UTF-8 text holding a card with at least one readable value.
    package static func description(of data: Data) -> String? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        var contacts: [[String]] = []
        var current: [String]?
        var organisation: String?
        for line in unfolded(text) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            // `item1.TEL;type=CELL;waid=316…` → `TEL`.
            let head = line[..<colon].split(separator: ";").first.map(String.init) ?? ""
            let name = (head.split(separator: ".").last.map(String.init) ?? head).uppercased()
            let value = unescaped(String(line[line.index(after: colon)...]))
            switch name {
            case "BEGIN":
                current = []
                organisation = nil
            case "END":
                if var fields = current, !fields.isEmpty {
                    if let organisation, !fields.isEmpty { fields[0] += " (\(organisation))" }
                    contacts.append(fields)
                }
                current = nil
            case "FN":
                if !value.isEmpty { current?.insert(cut(value), at: 0) }
            case "ORG":
                let org = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ", ")
                if !org.isEmpty { organisation = cut(org) }
            case "TEL", "EMAIL":
                if !value.isEmpty { current?.append(cut(value)) }
            default:
                continue
            }
        }
        guard !contacts.isEmpty else { return nil }
        let what = contacts.count == 1 ? "Contact shared" : "Contacts shared"
        let listed = contacts.map { $0.joined(separator: ", ") }.joined(separator: "; ")
        return "[\(what): \(cut(listed, to: maxDescriptionCharacters))]"
    }

    /// RFC 6350 §3.2: a line that starts with a space or a tab continues the previous one.
    static func unfolded(_ text: String) -> [String] {
        var lines: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += line.dropFirst()
            } else {
                lines.append(String(line))
            }
        }
        return lines
    }

    /// `\,` `\;` `\\` and `\n` as the text they stand for; surrounding space trimmed.
    static func unescaped(_ value: String) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                result.append(character == "n" || character == "N" ? " " : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func cut(_ text: String, to limit: Int = maxValueCharacters) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
