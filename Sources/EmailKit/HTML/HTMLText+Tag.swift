extension HTMLText {
    /// A start or end tag: its lower-cased name and where it ends. Attributes are skipped
    /// (quoted values may contain `>`), since the conversion depends on tag names only.
    struct Tag {
        var name: String
        var isClosing: Bool
        var isSelfClosing: Bool
        /// Index just after the closing `>`.
        var end: Int

        /// Reads the tag opening at `start` (`<name` or `</name`); nil when `<` does not start
        /// a tag, so that it is kept as text (`a < b`).
        static func read(_ scalars: [Unicode.Scalar], from start: Int) -> Tag? {
            var index = start + 1
            var isClosing = false
            if index < scalars.count, scalars[index] == "/" {
                isClosing = true
                index += 1
            }
            var name = ""
            while index < scalars.count, scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]) {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard !name.isEmpty, name.unicodeScalars.first?.isASCII == true else { return nil }
            var quote: Unicode.Scalar?
            var previous: Unicode.Scalar = " "
            while index < scalars.count {
                let scalar = scalars[index]
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == ">" {
                    return Tag(name: name.lowercased(), isClosing: isClosing, isSelfClosing: previous == "/", end: index + 1)
                }
                previous = scalar
                index += 1
            }
            // Unterminated tag at the end of the input: the rest is the tag.
            return Tag(name: name.lowercased(), isClosing: isClosing, isSelfClosing: false, end: scalars.count)
        }
    }

    /// How elements affect the text.
    enum Element {
        /// Elements whose content is never shown.
        static func skipsContent(_ name: String) -> Bool {
            ["script", "style", "head", "title", "template", "svg", "object", "noscript", "xml"].contains(name)
        }

        /// Elements set off by blank lines.
        static func isParagraph(_ name: String) -> Bool {
            ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "hr", "figure", "address"].contains(name)
        }

        /// Elements that start and end on their own line.
        static func isBlock(_ name: String) -> Bool {
            ["div", "section", "article", "aside", "header", "footer", "main", "nav", "center", "form", "fieldset",
             "li", "dd", "dt", "tr", "tbody", "thead", "tfoot", "caption", "figcaption", "body", "html", "details", "summary"].contains(name)
        }
    }
}
