/// Labels every line of a plain-text body (talon's "markers"): empty, quoted (`>`), part of a
/// reply header, a forwarded-message separator, a signature start, or text.
struct ReplyLineMarker {
    enum Kind: Equatable {
        case empty
        case quote
        case header
        case forward
        case signature(SignaturePatterns.Kind)
        case text
    }

    private let headers = ReplyHeaderPatterns()
    private let signatures = SignaturePatterns()

    func mark(_ lines: [String]) -> [Kind] {
        var kinds = Array(repeating: Kind.text, count: lines.count)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let content = line.trimmingPrefix(while: \.isWhitespace)
            if content.allSatisfy(\.isWhitespace) {
                kinds[index] = .empty
            } else if content.hasPrefix(">") {
                kinds[index] = .quote
            } else if headers.isForward(line) {
                kinds[index] = .forward
            } else if let length = headers.headerLength(lines, at: index) {
                for covered in index..<min(lines.count, index + length) { kinds[covered] = .header }
                index += length
                continue
            } else if let signature = signatures.kind(of: line) {
                kinds[index] = .signature(signature)
            }
            index += 1
        }
        return kinds
    }
}
