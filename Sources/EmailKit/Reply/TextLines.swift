/// Tidying text made of lines, shared by ``ReplyText`` and ``HTMLText``.
enum TextLines {
    /// Joins `lines` with trailing white space removed from each, runs of blank lines (as
    /// `isBlank` decides, after trimming) reduced to one empty line, and no blank lines at either
    /// end.
    static func tidy(_ lines: [String], isBlank: (String) -> Bool) -> String {
        var output: [String] = []
        var blank = false
        for line in lines {
            let trimmed = String(line.droppingTrailing(while: \.isWhitespace))
            if trimmed.isEmpty || isBlank(trimmed) {
                blank = true
                continue
            }
            if blank && !output.isEmpty { output.append("") }
            blank = false
            output.append(trimmed)
        }
        return output.joined(separator: "\n")
    }
}
