/// The lines mail clients write above a quoted earlier message ("reply headers"), in the
/// languages the engine's users write in. Patterns follow Mailgun's talon
/// (`talon/quotations.py`, Apache-2.0) and GitHub's email_reply_parser (MIT), reimplemented.
///
/// An instance per extraction: `Regex` is not `Sendable` (it compiles itself lazily), so the
/// patterns are not shared between threads.
struct ReplyHeaderPatterns {
    /// Lines a wrapped "On … wrote:" header may span (Gmail wraps long ones, often inside the
    /// `<address>`).
    static let maxHeaderLines = 4
    /// Lines an Outlook `From:` / `Sent:` / `To:` / `Subject:` block may span.
    static let maxFieldBlockLines = 10

    /// `On <date>, <name> wrote:` and its translations: an opening word, a date (some digit), a
    /// verb of writing, a final colon. English, French, German, Spanish, Portuguese, Italian,
    /// Dutch, Scandinavian, Polish, Czech, Finnish, Hungarian, Russian, Turkish.
    let openerWrote = #/^[\s>-]*(on|le|am|el|em|op|den|på|il|w dniu|dnia|dne|ti|kl\.|в)\s.*\b(wrote|a\s+écrit|schrieb|escribió|escreveu|ha\s+scritto|scrisse|schreef|skrev|napisał|napisała|pisze|napsal|kirjoitti|írta|пишет|написал|написала|yazdı).*:\s*$/#.ignoresCase()

    /// The same without an opening word (`1. jun. 2025 kl. 10:00 skrev Ola <ola@x.no>:`): the
    /// caller also requires a digit and an address in it.
    let closerWrote = #/\b(wrote|a\s+écrit|schrieb|escribió|escreveu|ha\s+scritto|scrisse|schreef|skrev|napisał|napisała|pisze|napsal|kirjoitti|írta|пишет|написал|написала|yazdı)\b.*:\s*$/#.ignoresCase()

    /// `2025-06-01 10:00 GMT+01:00 Name <a@b>:` and `01.06.2025 10:00, Name <a@b>:`.
    let dateFirst = #/^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b.*@.*:\s*$/#

    /// `-----Original Message-----` and translations.
    let originalMessage = #/^[\s>]*-{2,}\s*(original message|reply message|ursprüngliche nachricht|original-nachricht|message d'origine|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht|originalmeddelande|oprindelig meddelelse|opprinnelig melding|wiadomość oryginalna|původní zpráva|alkuperäinen viesti|eredeti üzenet|исходное сообщение)\s*-{2,}\s*$/#.ignoresCase()

    /// The first line of an Outlook header block: `From:` in the languages above (bold in
    /// text converted from HTML: `*From:*`).
    let fromField = #/^\s*\*?\s*(from|von|de|van|fra|från|da|od|od:|от|lähettäjä|feladó|expéditeur|remitente|mittente|afzender|nadawca)\s*\*?\s*:/#.ignoresCase()

    /// Other fields of that block.
    let otherField = #/^\s*\*?\s*(sent|date|to|cc|bcc|subject|reply-to|importance|gesendet|datum|an|betreff|envoyé|à|objet|enviado|enviada|fecha|para|asunto|assunto|inviato|data|a|oggetto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|til|emne|wysłano|do|temat|odesláno|komu|předmět|отправлено|кому|тема|lähetetty|vastaanottaja|aihe|elküldve|címzett|tárgy)\s*\*?\s*:/#.ignoresCase()

    /// `---------- Forwarded message ---------` and `Begin forwarded message:` (Apple Mail).
    let forwardSeparator = #/^[\s>]*-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|mensagem encaminhada|messaggio inoltrato|doorgestuurd bericht|vidarebefordrat meddelande|videresendt meddelelse|wiadomość przekazana|пересылаемое сообщение)\s*-{2,}\s*$/#.ignoresCase()
    let forwardIntro = #/^\s*(begin forwarded message|début du message réexpédié|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado|início da mensagem reencaminhada|inizio messaggio inoltrato|begin doorgestuurd bericht)\s*:\s*$/#.ignoresCase()

    func isForward(_ line: String) -> Bool {
        guard line.contains("-") || line.hasSuffix(":") else { return false }
        return line.wholeMatch(of: forwardSeparator) != nil || line.wholeMatch(of: forwardIntro) != nil
    }

    /// How many lines from `start` form a reply header, or nil if none starts there.
    func headerLength(_ lines: [String], at start: Int) -> Int? {
        let first = lines[start]
        if first.contains("--"), first.wholeMatch(of: originalMessage) != nil { return 1 }
        if let block = fieldBlockLength(lines, at: start) { return block }
        if Self.isUnderscoreRule(first) {
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
    private func fieldBlockLength(_ lines: [String], at start: Int) -> Int? {
        guard lines[start].contains(":"), lines[start].prefixMatch(of: fromField) != nil else { return nil }
        var end = start + 1
        var fields = 1
        while end < lines.count, end - start < Self.maxFieldBlockLines {
            let line = lines[end]
            if line.allSatisfy(\.isWhitespace) { break }
            if line.contains(":"), line.prefixMatch(of: otherField) != nil {
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

    private func wroteHeaderLength(_ lines: [String], at start: Int) -> Int? {
        var joined = ""
        for count in 1...Self.maxHeaderLines where start + count <= lines.count {
            let line = lines[start + count - 1]
            if line.allSatisfy(\.isWhitespace) || (count > 1 && line.trimmingPrefix(while: \.isWhitespace).hasPrefix(">")) { return nil }
            joined += (count > 1 ? " " : "") + line
            guard joined.count <= 500 else { return nil }
            let trimmed = joined.droppingTrailing(while: \.isWhitespace)
            guard trimmed.hasSuffix(":"), trimmed.contains(where: \.isNumber) else { continue }
            if trimmed.wholeMatch(of: openerWrote) != nil { return count }
            if count <= 2, trimmed.contains("@") {
                if trimmed.firstMatch(of: closerWrote) != nil || trimmed.wholeMatch(of: dateFirst) != nil { return count }
            }
        }
        return nil
    }

    static func isUnderscoreRule(_ line: String) -> Bool {
        let trimmed = line.trimmingPrefix(while: \.isWhitespace).droppingTrailing(while: \.isWhitespace)
        return trimmed.count >= 8 && trimmed.allSatisfy { $0 == "_" }
    }
}

extension StringProtocol {
    func droppingTrailing(while predicate: (Character) -> Bool) -> SubSequence {
        guard let last = lastIndex(where: { !predicate($0) }) else { return self[startIndex..<startIndex] }
        return self[...last]
    }
}
