/// Where a signature starts: the RFC 3676 delimiter `-- ` (and the sloppy `--`, `__` that
/// GitHub's email_reply_parser also accepts), or the one-line signatures mobile mail apps add
/// ("Sent from my iPhone", "Get Outlook for Android", "Von meinem iPhone gesendet", …).
enum SignaturePatterns {
    /// Mobile signatures are one short line.
    static let maxMobileLineLength = 100

    /// Lower-cased beginnings of mobile signature lines; those ending in a space need more text
    /// after them (`Sent from my ` + device).
    static let mobilePrefixes = [
        "sent from my ", "sent from outlook", "sent from yahoo mail", "sent from mail for windows", "sent from samsung mobile",
        "sent from proton", "sent from gmail mobile", "sent with proton", "sent via superhuman", "sent with spark", "sent from spark",
        "sent from blackberry", "sent via blackberry", "sent from airmail", "sent with airmail", "get outlook for ios",
        "get outlook for android", "envoyé de mon ", "envoyé depuis mon ", "gesendet von meinem ", "enviado desde mi ",
        "enviado de mi ", "enviado do meu ", "enviado de meu ", "inviato da ", "inviato dal mio ", "verzonden vanaf mijn ",
        "verzonden met mijn ", "skickat från min ", "sendt fra min ", "wysłane z ", "отправлено с ",
    ]

    enum Kind: Equatable {
        /// `-- `: everything below is signature.
        case delimiter
        /// `--`, `__`, or a mobile line: a signature only near the end of the text.
        case likely
    }

    static func kind(of line: String) -> Kind? {
        if line == "-- " { return .delimiter }
        let trimmed = line.trimmed
        if trimmed == "--" || trimmed == "__" { return .likely }
        guard trimmed.count <= maxMobileLineLength, trimmed.first?.isLetter == true else { return nil }
        let lower = trimmed.lowercased()
        if mobilePrefixes.contains(where: { lower.hasPrefix($0) && (lower.count > $0.count || $0.last != " ") }) { return .likely }
        // German puts the verb last: "Von meinem iPhone gesendet".
        if lower.hasPrefix("von meinem "), lower.hasSuffix(" gesendet") || lower.hasSuffix(" gesendet.") { return .likely }
        return nil
    }
}
