extension MessageEntry {
    /// The entry with its content cut to at most `maxBytes` UTF-8 bytes, at a character
    /// boundary, ending with a note that says how many characters are missing. Keeps one absurdly
    /// long turn from filling the conversation record (DynamoDB's 400 KB item limit).
    package func cut(toBytes maxBytes: Int) -> MessageEntry {
        guard content.utf8.count > maxBytes else { return self }
        var kept = ""
        var used = 0
        var keptCharacters = 0
        // The note is at most this long; what is kept leaves room for it.
        let budget = max(0, maxBytes - 64)
        for character in content {
            let size = character.utf8.count
            guard used + size <= budget else { break }
            kept.append(character)
            used += size
            keptCharacters += 1
        }
        var entry = self
        entry.content = kept + "\n[cut: \(content.count - keptCharacters) more characters were not kept]"
        return entry
    }
}
