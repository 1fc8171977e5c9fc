import Foundation

/// Decodes a message field from the charset its sender declared (Inbound Parse's `charsets`,
/// a MIME `charset=` parameter). Labels are matched case-insensitively with their common aliases
/// (WHATWG Encoding Standard labels).
///
/// Decision for what cannot be decoded exactly — an unknown label, or bytes invalid in the
/// declared charset: the text is **decoded lossily and a note says so** (UTF-8 with U+FFFD for
/// invalid sequences when the bytes are mostly UTF-8, else Windows-1252), rather than refused.
/// Refusing would lose the person's message (Inbound Parse drops a post answered with a 4xx);
/// a partly garbled message is still answerable, and the note lets an operator see why.
///
/// ```swift
/// TextDecoding.decode([0x63, 0x61, 0x66, 0xE9], charset: "ISO-8859-1")   // ("café", nil)
/// TextDecoding.decode(bytes, charset: "koi8-r").note                        // "charset koi8-r is not supported; …"
/// ```
package enum TextDecoding {
    package struct Result: Sendable, Hashable {
        package var text: String
        /// Why the text may differ from what was sent; nil when decoded exactly.
        package var note: String?

        package init(text: String, note: String?) {
            self.text = text
            self.note = note
        }
    }

    /// Decodes `bytes`; `charset` nil or empty means UTF-8 (Inbound Parse's default).
    package static func decode(_ bytes: [UInt8], charset: String?) -> Result {
        let label = (charset ?? "").trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"'"))).lowercased()
        switch Charset(label: label) {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) { return Result(text: text, note: nil) }
            return Result(text: String(decoding: bytes, as: UTF8.self), note: "bytes invalid in \(label.isEmpty ? "utf-8" : label) were replaced by U+FFFD")
        case .windows1252:
            return Result(text: Windows1252.decode(bytes), note: nil)
        case .foundation(let encoding):
            if let text = String(data: Data(bytes), encoding: encoding) { return Result(text: text, note: nil) }
            return fallback(bytes, reason: "bytes invalid in \(label)")
        case .utf16(let encoding):
            if let text = String(data: Data(bytes), encoding: encoding) { return Result(text: text, note: nil) }
            return fallback(bytes, reason: "bytes invalid in \(label)")
        case nil:
            return fallback(bytes, reason: "charset \(label) is not supported")
        }
    }

    /// UTF-8 when the bytes are valid UTF-8, else Windows-1252 (every byte decodes), with a note.
    private static func fallback(_ bytes: [UInt8], reason: String) -> Result {
        if let text = String(validating: bytes, as: UTF8.self) {
            return Result(text: text, note: "\(reason); the text was valid UTF-8 and read as such")
        }
        return Result(text: Windows1252.decode(bytes), note: "\(reason); read as Windows-1252, some characters may be wrong")
    }

    /// The charsets decoded exactly.
    enum Charset {
        case utf8
        case windows1252
        case foundation(String.Encoding)
        case utf16(String.Encoding)

        init?(label: String) {
            switch label {
            case "", "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
                self = .utf8
            // WHATWG: ASCII and Latin-1 labels decode as Windows-1252.
            case "us-ascii", "ascii", "ansi_x3.4-1968", "iso-ir-100", "iso8859-1", "iso-8859-1", "iso_8859-1", "iso88591",
                 "iso_8859-1:1987", "l1", "latin1", "cp819", "ibm819", "csisolatin1", "windows-1252", "cp1252", "x-cp1252":
                self = .windows1252
            case "iso-8859-2", "iso8859-2", "iso_8859-2", "latin2", "l2", "csisolatin2":
                self = .foundation(.isoLatin2)
            case "windows-1250", "cp1250", "x-cp1250":
                self = .foundation(.windowsCP1250)
            case "windows-1251", "cp1251", "x-cp1251":
                self = .foundation(.windowsCP1251)
            case "windows-1253", "cp1253", "x-cp1253":
                self = .foundation(.windowsCP1253)
            case "windows-1254", "cp1254", "x-cp1254":
                self = .foundation(.windowsCP1254)
            case "macintosh", "mac", "x-mac-roman", "csmacintosh":
                self = .foundation(.macOSRoman)
            case "utf-16", "utf16":
                self = .utf16(.utf16)
            case "utf-16le":
                self = .utf16(.utf16LittleEndian)
            case "utf-16be":
                self = .utf16(.utf16BigEndian)
            default:
                return nil
            }
        }
    }
}
