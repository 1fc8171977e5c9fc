/// The header block of an e-mail (RFC 5322 §2.2), as Inbound Parse passes it in its `headers`
/// field: folded lines unfolded, names compared case-insensitively, every occurrence kept in
/// order (`Received` appears many times).
///
/// ```swift
/// let headers = MessageHeaders(raw: "Message-ID: <a@b>\r\nSubject: Hi\r\n  there\r\n")
/// headers["message-id"]   // "<a@b>"
/// headers["Subject"]      // "Hi there"
/// ```
package struct MessageHeaders: Sendable, Hashable {
    /// More header fields than this are not read; real messages carry a few dozen.
    package static let maxFields = 1000

    package struct Field: Sendable, Hashable {
        package var name: String
        package var value: String
    }

    package private(set) var fields: [Field]

    package init(fields: [Field] = []) {
        self.fields = fields
    }

    /// Parses a header block. Lines that are neither `Name: value` nor a continuation (leading
    /// space or tab) are ignored, as is everything after the first empty line (the body).
    package init(raw: String) {
        var fields: [Field] = []
        for line in raw.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if line.isEmpty {
                if fields.isEmpty { continue }
                break
            }
            if let first = line.first, first == " " || first == "\t" {
                // RFC 5322 unfolding: the line break goes, the white space stays.
                guard !fields.isEmpty else { continue }
                fields[fields.count - 1].value += " " + line.trimmingWhitespace()
                continue
            }
            guard fields.count < Self.maxFields, let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingWhitespace()
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { continue }
            fields.append(Field(name: String(name), value: String(line[line.index(after: colon)...].trimmingWhitespace())))
        }
        self.fields = fields.map { Field(name: $0.name, value: String(Substring($0.value).trimmingWhitespace())) }
    }

    /// The first value of the header `name`, compared case-insensitively.
    package subscript(name: String) -> String? { values(name).first }

    /// Every value of the header `name`, in order.
    package func values(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    package func contains(_ name: String) -> Bool { self[name] != nil }
}
