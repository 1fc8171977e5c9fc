/// Turns the HTML body of an e-mail into readable plain text: block elements become line breaks,
/// paragraphs blank lines, list items `- ` lines, character references are decoded, and
/// `<script>`, `<style>`, `<head>` and comments are dropped. Each `<blockquote>` level prefixes
/// its lines with `> `, so that ``ReplyText`` strips HTML quotes exactly like plain-text ones
/// (Gmail, Apple Mail and Thunderbird quote with `<blockquote>`; Outlook with a `From:`/`Sent:`
/// block, which ``ReplyText`` recognises as text).
///
/// A small scanner rather than a full HTML5 parser (none is available to the project): it only
/// needs tag names, not a tree, and tolerates unclosed and misnested tags by construction.
///
/// ```swift
/// HTMLText.plainText("<p>Hi &amp; thanks</p><blockquote>old</blockquote>")
/// // "Hi & thanks\n\n> old"
/// ```
package enum HTMLText {
    /// Longer input is cut here before conversion (about 4 MB of text; Inbound Parse's own
    /// field limit is lower).
    package static let maxInputScalars = 4 << 20

    package static func plainText(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars.prefix(maxInputScalars))
        var builder = TextBuilder()
        var skipping: String?   // the raw-text element whose content is being skipped
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                if let end = commentEnd(scalars, from: index) {
                    index = end
                    continue
                }
                if let tag = Tag.read(scalars, from: index) {
                    index = tag.end
                    if let skipped = skipping {
                        if tag.isClosing && tag.name == skipped { skipping = nil }
                        continue
                    }
                    if !tag.isClosing && Element.skipsContent(tag.name) && !tag.isSelfClosing {
                        skipping = tag.name
                        continue
                    }
                    builder.apply(tag)
                    continue
                }
            }
            if skipping != nil {
                index += 1
                continue
            }
            if scalar == "&", let (decoded, end) = CharacterReference.decode(scalars, from: index) {
                builder.append(decoded)
                index = end
                continue
            }
            builder.append(scalar)
            index += 1
        }
        return builder.finish()
    }

    /// The index after `<!-- … -->` (or `<! … >`, `<? … >`: doctype, CDATA, processing
    /// instructions) starting at `start`; nil when `start` opens none of these.
    static func commentEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 1 < scalars.count else { return nil }
        let next = scalars[start + 1]
        guard next == "!" || next == "?" else { return nil }
        if start + 3 < scalars.count, scalars[start + 2] == "-", scalars[start + 3] == "-" {
            var index = start + 4
            while index + 2 < scalars.count {
                if scalars[index] == "-", scalars[index + 1] == "-", scalars[index + 2] == ">" { return index + 3 }
                index += 1
            }
            return scalars.count
        }
        var index = start + 2
        while index < scalars.count, scalars[index] != ">" { index += 1 }
        return min(index + 1, scalars.count)
    }
}
