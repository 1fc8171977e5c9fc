/// The new text of an e-mail reply: what the person wrote this time, without the earlier
/// messages their mail client quoted, the reply header above those ("On … wrote:", Outlook's
/// `From:`/`Sent:` block, "-----Original Message-----"), and their signature.
///
/// The approach is that of GitHub's email_reply_parser (MIT) and Mailgun's talon (Apache-2.0),
/// reimplemented: every line is labelled (``ReplyLineMarker``), then
///
/// 1. a forwarded message that comes before any reply header is kept whole (all of it is new
///    to us);
/// 2. the text is cut at the first reply header that has text above it (top-posting: Gmail,
///    Outlook, Apple Mail on a phone) or that is followed by unquoted text (an Outlook quote);
/// 3. remaining reply headers sit above `>` quotes (bottom-posting, inline replies) and go;
/// 4. quoted lines go — unless the person answered inline, between two or more quoted passages,
///    where the passages they answered stay as `> ` lines (an answer like "Yes" means nothing
///    without its question; talon keeps such replies whole for the same reason);
/// 5. a signature goes: everything from a `-- ` line, or from `--`, `__` or a mobile signature
///    ("Sent from my iPhone") when at most ``maxSignatureLines`` lines follow it;
/// 6. trailing spaces, runs of blank lines and blank lines at either end go.
///
/// ```swift
/// ReplyText.newText(plain: "Yes, 1 June works.\n\nOn Mon, 1 Jun 2025 at 10:00, Priya <p@x.com> wrote:\n> Does 1 June work?")
/// // "Yes, 1 June works."
/// ```
package enum ReplyText {
    /// Longer bodies are read up to here (the new text of a reply is at the top or short).
    package static let maxLines = 5000
    /// A weak signature marker (`--`, `__`, a mobile line) ends the text only if at most this
    /// many non-empty lines follow it.
    package static let maxSignatureLines = 8

    /// The new text of a message: its plain-text body, or its HTML body converted
    /// (``HTMLText``) when it has no plain-text body or that body is blank.
    package static func newText(of email: InboundEmail) -> String {
        if let text = email.text, !text.allSatisfy(\.isWhitespace) { return newText(plain: text) }
        if let html = email.html { return newText(html: html) }
        return ""
    }

    package static func newText(html: String) -> String {
        newText(plain: HTMLText.plainText(html))
    }

    package static func newText(plain text: String) -> String {
        var lines = normalizedLines(text)
        var kinds = ReplyLineMarker.mark(lines)

        if let forward = kinds.firstIndex(of: .forward), !kinds[..<forward].contains(.header) {
            return tidy(lines)
        }
        if let cut = cutIndex(kinds) {
            lines.removeSubrange(cut...)
            kinds.removeSubrange(cut...)
        }
        var kept = zip(lines, kinds).filter { $0.1 != .header }.map { Line(text: $0.0, kind: $0.1) }
        kept = removingQuotes(kept)
        kept = removingSignature(kept)
        return tidy(kept.map(\.text))
    }

    struct Line {
        var text: String
        var kind: ReplyLineMarker.Kind
    }

    /// Line breaks normalised, invisible characters removed, non-breaking spaces made spaces
    /// (Outlook writes them), at most ``maxLines`` lines.
    static func normalizedLines(_ text: String) -> [String] {
        var cleaned = ""
        cleaned.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r":
                cleaned.unicodeScalars.append("\n")
                previousWasCR = true
                continue
            case "\n" where previousWasCR:
                break
            case "\u{00A0}", "\u{2007}", "\u{202F}":
                cleaned.unicodeScalars.append(" ")
            case "\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}":
                break
            default:
                cleaned.unicodeScalars.append(scalar)
            }
            previousWasCR = false
        }
        return cleaned.split(separator: "\n", omittingEmptySubsequences: false).prefix(maxLines).map(String.init)
    }

    /// Where the quoted earlier message starts: the first run of reply-header lines that has
    /// text above it, or that is not followed by a `>` quote.
    static func cutIndex(_ kinds: [ReplyLineMarker.Kind]) -> Int? {
        var index = 0
        var textAbove = false
        while index < kinds.count {
            switch kinds[index] {
            case .text:
                textAbove = true
            case .header:
                let start = index
                while index < kinds.count, kinds[index] == .header { index += 1 }
                let next = kinds[index...].first { $0 != .empty }
                if textAbove || next != .quote { return start }
                continue
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// Drops quoted lines; for inline replies (two or more quoted passages each followed by the
    /// person's text) keeps the passages that were answered.
    static func removingQuotes(_ lines: [Line]) -> [Line] {
        var blocks: [(lines: [Int], answered: Bool)] = []
        var block: [Int] = []
        for (index, line) in lines.enumerated() {
            switch line.kind {
            case .quote:
                block.append(index)
            case .empty:
                continue   // a quoted passage may contain blank lines
            default:
                if !block.isEmpty { blocks.append((block, line.kind == .text)) }
                block = []
            }
        }
        if !block.isEmpty { blocks.append((block, false)) }
        let answered = blocks.filter(\.answered)
        let kept: Set<Int> = answered.count >= 2 ? Set(answered.flatMap(\.lines)) : []
        return lines.enumerated().filter { index, line in line.kind != .quote || kept.contains(index) }.map(\.element)
    }

    /// Cuts at the first signature marker that qualifies (see the type's description).
    static func removingSignature(_ lines: [Line]) -> [Line] {
        for (index, line) in lines.enumerated() {
            guard case .signature(let kind) = line.kind else { continue }
            if kind == .delimiter { return Array(lines[..<index]) }
            let following = lines[(index + 1)...].filter { $0.kind != .empty }
            if following.count <= maxSignatureLines && !following.contains(where: { $0.kind == .quote }) {
                return Array(lines[..<index])
            }
        }
        return lines
    }

    /// Trailing white space removed from each line, runs of blank lines reduced to one, no blank
    /// lines at either end.
    static func tidy(_ lines: [String]) -> String {
        TextLines.tidy(lines) { $0.isEmpty }
    }
}
