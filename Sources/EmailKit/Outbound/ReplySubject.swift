/// The subject of our reply: `Re: ` and the subject we answer, without piling up prefixes
/// (`Re: Re: AW: Move-in` becomes `Re: Move-in`), as mail clients do. Reply prefixes of
/// common languages are recognised (`Re`, `AW`, `SV`, `VS`, `Antw`, `Odp`, `RIF`, `Réf`,
/// `Ynt`, `RES`, `回复`, `答复`), with a counter (`Re[2]:`, `RE(3):`) and a space before the colon
/// (French typography).
///
/// ```swift
/// ReplySubject.reply(to: "RE: AW: Move-in date")   // "Re: Move-in date"
/// ReplySubject.changed(from: "Move-in date", to: "Re: Keys")   // true
/// ```
package enum ReplySubject {
    static let replyPrefixes: Set<String> = ["re", "aw", "sv", "vs", "antw", "antwort", "odp", "rif", "ref", "réf", "ynt", "res", "رد", "回复", "答复", "回覆"]
    /// Subjects are one header line; SendGrid accepts long ones, mail clients show ~80 chars.
    package static let maxLength = 250

    package static func reply(to subject: String) -> String {
        let base = self.base(of: subject)
        return base.isEmpty ? "Re:" : "Re: " + base
    }

    /// The subject without reply prefixes, line breaks and surrounding white space.
    package static func base(of subject: String) -> String {
        var rest = Substring(subject.map { $0.isNewline ? " " : $0 }).trimmingWhitespace()
        while let stripped = strippingPrefix(rest) { rest = stripped.trimmingWhitespace() }
        return String(rest.prefix(maxLength))
    }

    /// Whether two subjects differ beyond reply prefixes, case and white space: the user turn
    /// mentions a changed subject.
    package static func changed(from old: String, to new: String) -> Bool {
        normalized(old) != normalized(new)
    }

    private static func normalized(_ subject: String) -> String {
        base(of: subject).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `rest` without one leading reply prefix, or nil if it has none.
    private static func strippingPrefix(_ rest: Substring) -> Substring? {
        guard let colon = rest.prefix(16).firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        var word = rest[..<colon].trimmingWhitespace()
        // A counter: Re[2], RE(3), Re^2.
        if let open = word.firstIndex(where: { $0 == "[" || $0 == "(" || $0 == "^" }) {
            let counter = word[word.index(after: open)...].filter { $0 != "]" && $0 != ")" }
            guard !counter.isEmpty, counter.allSatisfy(\.isNumber) else { return nil }
            word = word[..<open].trimmingWhitespace()
        }
        guard replyPrefixes.contains(word.lowercased()) else { return nil }
        return rest[rest.index(after: colon)...]
    }
}
