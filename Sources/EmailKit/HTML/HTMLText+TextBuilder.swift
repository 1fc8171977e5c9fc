extension HTMLText {
    /// Accumulates text the way a browser lays it out, in lines: runs of white space collapse to
    /// one space (except inside `<pre>`), block boundaries become line breaks (resolved lazily, so
    /// nested blocks do not pile up blank lines), and every line inside `<blockquote>` starts with
    /// one `>` per level.
    struct TextBuilder {
        private var lines: [String] = []
        private var current = ""
        private var currentHasContent = false
        private var pendingSpace = false
        /// 0: none, 1: end the line, 2: end the line and leave a blank one.
        private var pendingBreak = 0
        private var quoteDepth = 0
        private var preDepth = 0
        private var listItemPending = false

        mutating func apply(_ tag: Tag) {
            switch tag.name {
            case "br":
                flushBreak()
                lines.append(currentHasContent ? current : "")
                resetLine()
            case "pre":
                requestBreak(2)
                preDepth = max(0, preDepth + (tag.isClosing ? -1 : 1))
            case "blockquote":
                requestBreak(2)
                flushBreak()
                quoteDepth = max(0, quoteDepth + (tag.isClosing ? -1 : 1))
            case "li" where !tag.isClosing:
                requestBreak(1)
                listItemPending = true
            case "td", "th":
                if !tag.isClosing && currentHasContent { pendingSpace = true }
            default:
                if Element.isParagraph(tag.name) {
                    requestBreak(2)
                } else if Element.isBlock(tag.name) {
                    requestBreak(1)
                }
            }
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            // Invisible characters mail clients sprinkle into HTML.
            if scalar == "\u{200B}" || scalar == "\u{200C}" || scalar == "\u{FEFF}" || scalar == "\u{00AD}" { return }
            let scalar: Unicode.Scalar = scalar == "\u{00A0}" ? " " : scalar
            if preDepth > 0 {
                switch scalar {
                case "\n":
                    flushBreak()
                    lines.append(currentHasContent ? current : "")
                    resetLine()
                case "\r":
                    break
                default:
                    writeVisible(scalar, keepingSpace: true)
                }
                return
            }
            if scalar.properties.isWhitespace {
                if currentHasContent { pendingSpace = true }
                return
            }
            writeVisible(scalar, keepingSpace: false)
        }

        /// The text: trailing spaces removed, runs of blank lines (or lines holding only quote
        /// markers) reduced to one, no blank lines at either end.
        mutating func finish() -> String {
            if currentHasContent { lines.append(current) }
            resetLine()
            return TextLines.tidy(lines) { line in line.allSatisfy { $0 == ">" || $0 == " " } }
        }

        private mutating func writeVisible(_ scalar: Unicode.Scalar, keepingSpace: Bool) {
            flushBreak()
            if !currentHasContent {
                if quoteDepth > 0 { current = String(repeating: ">", count: quoteDepth) + " " }
                if listItemPending {
                    current += "- "
                    listItemPending = false
                }
                if keepingSpace == false && scalar.properties.isWhitespace { return }
            } else if pendingSpace {
                current += " "
            }
            pendingSpace = false
            current.unicodeScalars.append(scalar)
            currentHasContent = true
        }

        private mutating func requestBreak(_ kind: Int) {
            pendingBreak = max(pendingBreak, kind)
            pendingSpace = false
        }

        private mutating func flushBreak() {
            guard pendingBreak > 0 else { return }
            if currentHasContent { lines.append(current) }
            if pendingBreak == 2, let last = lines.last, !last.isEmpty { lines.append("") }
            pendingBreak = 0
            resetLine()
        }

        private mutating func resetLine() {
            current = ""
            currentHasContent = false
            pendingSpace = false
        }
    }
}
