/// The parameters of a structured MIME header value (`form-data; name="to"; filename="a;b.pdf"`,
/// `multipart/form-data; boundary=xYzZY`), RFC 2045 §5.1: names case-insensitive, values plain
/// tokens or quoted strings (which may contain `;` and `=`, and backslash escapes).
struct HeaderParameters {
    /// The value before the first `;`, lower-cased (`form-data`, `multipart/form-data`).
    let value: String
    private var parameters: [String: String] = [:]

    init(_ header: String) {
        var segments: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
                current.append(character)
            } else if character == ";" && !inQuotes {
                segments.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        segments.append(current)
        value = String(Substring(segments.removeFirst()).trimmedWhitespace()).lowercased()
        for segment in segments {
            guard let equals = segment.firstIndex(of: "=") else { continue }
            let name = segment[..<equals].trimmedWhitespace().lowercased()
            var raw = segment[segment.index(after: equals)...].trimmedWhitespace()
            if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") { raw = raw.dropFirst().dropLast() }
            if !name.isEmpty && parameters[name] == nil { parameters[name] = String(raw) }
        }
    }

    subscript(name: String) -> String? { parameters[name.lowercased()] }
}

extension Substring {
    func trimmedWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[first...last]
    }
}
