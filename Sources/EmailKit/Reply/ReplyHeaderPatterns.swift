/// The lines mail clients write above a quoted earlier message ("reply headers"), in the
/// languages the engine's users write in. The patterns follow Mailgun's talon
/// (`talon/quotations.py`, Apache-2.0) and GitHub's email_reply_parser (MIT), reimplemented with
/// plain string tests rather than regular expressions: `Regex` compiles slowly (tens of
/// milliseconds per pattern) and is not `Sendable`.
enum ReplyHeaderPatterns {
    /// Lines a wrapped "On … wrote:" header may span (Gmail wraps long ones, often inside the
    /// `<address>`).
    static let maxHeaderLines = 4
    /// Lines an Outlook `From:` / `Sent:` / `To:` / `Subject:` block may span.
    static let maxFieldBlockLines = 10

    /// First words of `On <date>, <name> wrote:` in English, French, German, Spanish, Portuguese,
    /// Italian, Dutch, Scandinavian languages, Polish, Czech, Russian.
    static let openers = ["on", "le", "am", "el", "em", "op", "den", "på", "il", "w dniu", "dnia", "dne", "ti", "kl.", "в"]
    /// Its verb of writing, in the same languages plus Finnish, Hungarian, Turkish.
    static let closers = [
        "wrote", "a écrit", "schrieb", "escribió", "escreveu", "ha scritto", "scrisse", "schreef", "skrev", "napisał", "napisała",
        "pisze", "napsal", "kirjoitti", "írta", "пишет", "написал", "написала", "yazdı",
    ]
    /// `-----Original Message-----` and translations (between the dashes).
    static let originalMessage: Set<String> = [
        "original message", "reply message", "ursprüngliche nachricht", "original-nachricht", "message d'origine", "mensaje original",
        "mensagem original", "messaggio originale", "oorspronkelijk bericht", "originalmeddelande", "oprindelig meddelelse",
        "opprinnelig melding", "wiadomość oryginalna", "původní zpráva", "alkuperäinen viesti", "eredeti üzenet", "исходное сообщение",
    ]
    /// `---------- Forwarded message ---------` and translations (between the dashes).
    static let forwardSeparators: Set<String> = [
        "forwarded message", "weitergeleitete nachricht", "message transféré", "mensaje reenviado", "mensagem encaminhada",
        "messaggio inoltrato", "doorgestuurd bericht", "vidarebefordrat meddelande", "videresendt meddelelse", "wiadomość przekazana",
        "пересылаемое сообщение",
    ]
    /// Apple Mail's `Begin forwarded message:` and translations (before the colon).
    static let forwardIntros: Set<String> = [
        "begin forwarded message", "début du message réexpédié", "anfang der weitergeleiteten nachricht", "inicio del mensaje reenviado",
        "início da mensagem reencaminhada", "inizio messaggio inoltrato", "begin doorgestuurd bericht",
    ]
    /// The first field of an Outlook header block (`From:`, bold `*From:*` in text made from HTML).
    static let fromFields: Set<String> = [
        "from", "von", "de", "van", "fra", "från", "da", "od", "от", "lähettäjä", "feladó", "expéditeur", "remitente", "mittente",
        "afzender", "nadawca",
    ]
    /// Its other fields.
    static let otherFields: Set<String> = [
        "sent", "date", "to", "cc", "bcc", "subject", "reply-to", "importance", "gesendet", "datum", "an", "betreff", "envoyé", "à",
        "objet", "enviado", "enviada", "fecha", "para", "asunto", "assunto", "inviato", "data", "a", "oggetto", "verzonden", "aan",
        "onderwerp", "skickat", "till", "ämne", "sendt", "til", "emne", "wysłano", "do", "temat", "odesláno", "komu", "předmět",
        "отправлено", "кому", "тема", "lähetetty", "vastaanottaja", "aihe", "elküldve", "címzett", "tárgy",
    ]

    static func isForward(_ line: String) -> Bool {
        if let inner = betweenDashes(line) { return forwardSeparators.contains(inner) }
        let trimmed = line.trimmed
        guard trimmed.hasSuffix(":") else { return false }
        return forwardIntros.contains(String(trimmed.dropLast()).trimmed.lowercased())
    }

    /// How many lines from `start` form a reply header, or nil if none starts there.
    static func headerLength(_ lines: [String], at start: Int) -> Int? {
        let first = lines[start]
        if let inner = betweenDashes(first), originalMessage.contains(inner) { return 1 }
        if let block = fieldBlockLength(lines, at: start) { return block }
        if isUnderscoreRule(first) {
            var next = start + 1
            if next < lines.count, lines[next].allSatisfy(\.isWhitespace) { next += 1 }
            if next < lines.count, let block = fieldBlockLength(lines, at: next) { return next - start + block }
            return nil
        }
        return wroteHeaderLength(lines, at: start)
    }

    /// A `From:` line followed by other header fields: at least three fields in all (Outlook
    /// writes From, Sent, To, Subject), or two when the block holds an address — so that a
    /// person's own "From: …" / "Sent: …" lines are not taken for a header.
    private static func fieldBlockLength(_ lines: [String], at start: Int) -> Int? {
        guard let name = fieldName(lines[start]), fromFields.contains(name) else { return nil }
        var end = start + 1
        var fields = 1
        while end < lines.count, end - start < maxFieldBlockLines {
            let line = lines[end]
            if line.allSatisfy(\.isWhitespace) { break }
            if let name = fieldName(line), otherFields.contains(name) {
                fields += 1
            } else if fields == 1 {
                // A wrapped `From:` value (long display name and address).
                if end - start > 2 { break }
            } else if !(line.first?.isWhitespace ?? false) {
                break
            }
            end += 1
        }
        let hasAddress = lines[start..<end].contains { $0.contains("@") }
        return fields >= 3 || (fields == 2 && hasAddress) ? end - start : nil
    }

    /// The lower-cased name of a `Name: value` line (optionally `*Name:*`), if the line is one.
    static func fieldName(_ line: String) -> String? {
        guard let colon = line.prefix(40).firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let name = line[..<colon].trimmed.trimmingAsterisks.trimmed
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
        return name.lowercased()
    }

    private static func wroteHeaderLength(_ lines: [String], at start: Int) -> Int? {
        var joined = ""
        for count in 1...maxHeaderLines where start + count <= lines.count {
            let line = lines[start + count - 1]
            if line.allSatisfy(\.isWhitespace) || (count > 1 && line.trimmed.hasPrefix(">")) { return nil }
            joined += (count > 1 ? " " : "") + line
            guard joined.count <= 500 else { return nil }
            let text = joined.trimmed
            guard text.hasSuffix(":"), text.contains(where: \.isNumber) else { continue }
            let lower = text.lowercased()
            if startsWithOpener(lower) && containsCloser(lower) { return count }
            if count <= 2, text.contains("@"), containsCloser(lower) || startsWithDate(lower) { return count }
        }
        return nil
    }

    /// After leading white space, `>` and `-`: an opener followed by white space.
    private static func startsWithOpener(_ lower: String) -> Bool {
        let rest = lower.drop { $0.isWhitespace || $0 == ">" || $0 == "-" }
        return openers.contains { opener in
            rest.hasPrefix(opener) && rest.dropFirst(opener.count).first?.isWhitespace == true
        }
    }

    /// A closer starting a word.
    private static func containsCloser(_ lower: String) -> Bool {
        closers.contains { closer in
            lower.ranges(of: closer).contains { range in
                range.lowerBound == lower.startIndex || !lower[lower.index(before: range.lowerBound)].isLetter
            }
        }
    }

    /// `2025-06-01 10:00 …`, `01.06.2025 …`, `1/6/25 …`: digits, separator, digits, separator, digits.
    private static func startsWithDate(_ lower: String) -> Bool {
        var rest = Substring(lower.trimmed)
        for part in 0..<3 {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...4).contains(digits.count) else { return false }
            rest = rest.dropFirst(digits.count)
            if part < 2 {
                guard let separator = rest.first, separator == "." || separator == "/" || separator == "-" else { return false }
                rest = rest.dropFirst()
            }
        }
        return rest.first.map { !$0.isNumber && !$0.isLetter } ?? true
    }

    /// The lower-cased text between runs of two or more dashes (`-----Original Message-----`,
    /// optionally after `>` and spaces), or nil if the line is not so framed.
    static func betweenDashes(_ line: String) -> String? {
        let text = line.drop { $0.isWhitespace || $0 == ">" }.trimmed
        let leading = text.prefix { $0 == "-" }.count
        let trailing = text.reversed().prefix { $0 == "-" }.count
        guard leading >= 2, trailing >= 2, text.count > leading + trailing else { return nil }
        return String(text.dropFirst(leading).dropLast(trailing)).trimmed.lowercased()
    }

    static func isUnderscoreRule(_ line: String) -> Bool {
        let trimmed = line.trimmed
        return trimmed.count >= 8 && trimmed.allSatisfy { $0 == "_" }
    }
}

extension StringProtocol {
    /// Without leading and trailing white space.
    var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }

    var trimmingAsterisks: String {
        guard let first = firstIndex(where: { $0 != "*" }), let last = lastIndex(where: { $0 != "*" }) else { return "" }
        return String(self[first...last])
    }

    func droppingTrailing(while predicate: (Character) -> Bool) -> SubSequence {
        guard let last = lastIndex(where: { !predicate($0) }) else { return self[startIndex..<startIndex] }
        return self[...last]
    }
}
