extension HTMLText {
    /// `&name;`, `&#123;` and `&#x7B;` (HTML 5 §13.2.5.72). A reference that does not decode is
    /// left as text; numeric references to nothing valid become U+FFFD, as browsers do.
    enum CharacterReference {
        /// Names browsers also accept without the final `;` (the common legacy ones).
        static let legacyWithoutSemicolon: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]
        static let maxNameLength = 32

        /// The decoded scalar and the index after the reference, or nil.
        static func decode(_ scalars: [Unicode.Scalar], from start: Int) -> (Unicode.Scalar, Int)? {
            var index = start + 1
            guard index < scalars.count else { return nil }
            if scalars[index] == "#" {
                index += 1
                let hex = index < scalars.count && (scalars[index] == "x" || scalars[index] == "X")
                if hex { index += 1 }
                var digits = ""
                while index < scalars.count, digits.count < 8,
                      hex ? scalars[index].properties.isASCIIHexDigit : ("0"..."9").contains(scalars[index]) {
                    digits.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard !digits.isEmpty, let value = UInt32(digits, radix: hex ? 16 : 10) else { return nil }
                if index < scalars.count, scalars[index] == ";" { index += 1 }
                return (numeric(value), index)
            }
            var name = ""
            while index < scalars.count, name.count < maxNameLength, scalars[index].isASCII,
                  scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]) {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard let scalar = HTMLText.namedEntities[name] else { return nil }
            if index < scalars.count, scalars[index] == ";" { return (scalar, index + 1) }
            return legacyWithoutSemicolon.contains(name) ? (scalar, index) : nil
        }

        /// Browsers map the C1 range of numeric references through Windows-1252 (`&#150;` is an
        /// en dash) and everything invalid to U+FFFD.
        static func numeric(_ value: UInt32) -> Unicode.Scalar {
            if (0x80...0x9F).contains(value), let mapped = Windows1252.scalar(for: UInt8(value)) { return mapped }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
            return scalar
        }
    }
}
