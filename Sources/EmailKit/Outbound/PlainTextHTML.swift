/// The HTML part of our reply: the plain text escaped, paragraphs (blank-line separated) as
/// `<p>`, single line breaks as `<br>`. No styling, no links made clickable: it exists so that
/// HTML-only clients render the reply with the person's default font rather than monospaced.
///
/// ```swift
/// PlainTextHTML.render("Hi Sam,\n\n9am <or> 11am?")
/// // "<!DOCTYPE html><html><body><p>Hi Sam,</p><p>9am &lt;or&gt; 11am?</p></body></html>"
/// ```
package enum PlainTextHTML {
    package static func render(_ text: String) -> String {
        let normalized = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        var paragraphs: [String] = []
        var current: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { paragraphs.append(current.joined(separator: "<br>")) }
                current = []
            } else {
                current.append(escape(line))
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: "<br>")) }
        return "<!DOCTYPE html><html><body>" + paragraphs.map { "<p>\($0)</p>" }.joined() + "</body></html>"
    }

    /// `&`, `<`, `>`, `"` and `'` as character references.
    package static func escape(_ text: some StringProtocol) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
