/// Splits a reply longer than the channel limit into parts on sentence boundaries, falling back
/// to word boundaries, then to characters. Lengths are UTF-16 units, which is at least what
/// Twilio counts for emoji and other non-GSM characters.
package enum ReplySplitter {
    package static func split(_ text: String, limit: Int = 1600) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf16.count > limit else { return trimmed.isEmpty ? [] : [trimmed] }
        var parts: [String] = []
        var current = ""
        func flush() {
            let part = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !part.isEmpty { parts.append(part) }
            current = ""
        }
        for piece in sentences(trimmed).flatMap({ fit($0, limit: limit) }) {
            if current.utf16.count + piece.utf16.count > limit { flush() }
            current += piece
        }
        flush()
        return parts
    }

    /// Sentences with their trailing white space: a cut after `.`, `!`, `?` or `…` followed by
    /// white space, and after every newline.
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            let boundary = character.isNewline || (character.isWhitespace && previous.map { ".!?…".contains($0) } == true)
            current.append(character)
            if boundary {
                result.append(current)
                current = ""
            }
            previous = character
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// A sentence longer than the limit, cut at spaces, and a word longer than it, at characters.
    static func fit(_ sentence: String, limit: Int) -> [String] {
        guard sentence.utf16.count > limit else { return [sentence] }
        var pieces: [String] = []
        var current = ""
        for word in sentence.split(separator: " ", omittingEmptySubsequences: false).map({ $0 + " " }) {
            if current.utf16.count + word.utf16.count > limit {
                if !current.isEmpty { pieces.append(current) }
                current = ""
                var rest = Substring(word)
                while rest.utf16.count > limit {
                    var chunk = ""
                    while let next = rest.first, chunk.utf16.count + String(next).utf16.count <= limit {
                        chunk.append(next)
                        rest = rest.dropFirst()
                    }
                    if chunk.isEmpty, let next = rest.first {
                        // One character longer than the limit (a letter with many combining marks):
                        // cut it between scalars, or this loop would never advance.
                        rest = rest.dropFirst()
                        for scalar in next.unicodeScalars {
                            if chunk.utf16.count + String(scalar).utf16.count > limit { pieces.append(chunk); chunk = "" }
                            chunk.unicodeScalars.append(scalar)
                        }
                    }
                    pieces.append(chunk)
                }
                current = String(rest)
            } else {
                current += word
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

import Foundation
