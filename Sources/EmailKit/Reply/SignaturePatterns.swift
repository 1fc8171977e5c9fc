/// Where a signature starts: the RFC 3676 delimiter `-- ` (and the sloppy `--`, `__` that
/// GitHub's email_reply_parser also accepts), or the one-line signatures mobile mail apps add
/// ("Sent from my iPhone", "Get Outlook for Android", "Von meinem iPhone gesendet", …).
///
/// An instance per extraction, like ``ReplyHeaderPatterns`` (`Regex` is not `Sendable`).
struct SignaturePatterns {
    /// Mobile signatures are one short line.
    static let maxMobileLineLength = 100

    let mobile = #/^(sent from my\s.+|sent from (outlook|yahoo mail|mail for windows|samsung mobile|proton ?mail|gmail mobile|my mobile)\b.*|sent (with|via|using) (proton ?mail|superhuman|spark|blackberry|airmail|edison)\b.*|get outlook for (ios|android)\b.*|envoyé (de|depuis) mon\s.+|von meinem\s.+\sgesendet\.?|gesendet von meinem\s.+|enviado (desde|de) mi\s.+|enviado (do|de) meu\s.+|inviato da(l mio)?\s.+|verzonden (vanaf|met) mijn\s.+|skickat från min\s.+|sendt fra min\s.+|wysłane z\s.+|отправлено с\s.+)$/#.ignoresCase()

    enum Kind: Equatable {
        /// `-- `: everything below is signature.
        case delimiter
        /// `--`, `__`, or a mobile line: a signature only near the end of the text.
        case likely
    }

    func kind(of line: String) -> Kind? {
        if line == "-- " || line == "-- \r" { return .delimiter }
        let trimmed = line.trimmingPrefix(while: \.isWhitespace).droppingTrailing(while: \.isWhitespace)
        if trimmed == "--" || trimmed == "__" || trimmed == "-- " { return .likely }
        guard trimmed.count <= Self.maxMobileLineLength, let first = trimmed.first, first.isLetter else { return nil }
        return String(trimmed).wholeMatch(of: mobile) != nil ? .likely : nil
    }
}
