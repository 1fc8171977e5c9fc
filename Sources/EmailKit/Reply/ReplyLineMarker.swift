/// Labels every line of a plain-text body (talon's "markers"): empty, quoted (`>`), part of a
/// reply header, a forwarded-message separator, a signature start, or text.
enum ReplyLineMarker {
    enum Kind: Equatable {
        case empty
        case quote
        case header
        case forward
        case signature(SignaturePatterns.Kind)
        case text
    }

    static func mark(_ lines: [String]) -> [Kind] {
        var kinds = Array(repeating: Kind.text, count: lines.count)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let content = line.trimmingPrefix(while: \.isWhitespace)
            if content.allSatisfy(\.isWhitespace) {
                kinds[index] = .empty
            } else if content.hasPrefix(">") {
                kinds[index] = .quote
            } else if ReplyHeaderPatterns.isForward(line) {
                kinds[index] = .forward
            } else if let length = ReplyHeaderPatterns.headerLength(lines, at: index) {
                for covered in index..<min(lines.count, index + length) { kinds[covered] = .header }
                index += length
                continue
            } else if let signature = SignaturePatterns.kind(of: line) {
                kinds[index] = .signature(signature)
            }
            index += 1
        }
        return kinds
    }
}
