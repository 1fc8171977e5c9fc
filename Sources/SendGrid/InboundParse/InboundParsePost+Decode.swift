import EmailKit
import Foundation

extension InboundParsePost {
    /// Builds the e-mail from the form's parts.
    static func decode(_ form: MultipartForm) -> InboundParsePost {
        var notes: [String] = []
        var fields: [String: MultipartForm.Part] = [:]
        var files: [MultipartForm.Part] = []
        for part in form.parts {
            if isAttachmentField(part.name) || (part.filename != nil && !textFields.contains(part.name)) {
                files.append(part)
            } else if fields[part.name] == nil {
                fields[part.name] = part
            } else {
                notes.append("the form field '\(part.name.prefix(40))' was sent more than once; the first was used")
            }
        }
        let charsets = fields["charsets"].flatMap { decodeJSON([String: String].self, $0.bytes, field: "charsets", notes: &notes) } ?? [:]
        func text(_ name: String) -> String? {
            guard let part = fields[name] else { return nil }
            let charset = charsets.first { $0.key.lowercased() == name }?.value
            let decoded = TextDecoding.decode(part.bytes, charset: charset)
            if let note = decoded.note { notes.append("\(name): \(note)") }
            return decoded.text
        }

        let envelope = fields["envelope"].flatMap { decodeEnvelope($0.bytes, notes: &notes) }
        let headers = MessageHeaders(raw: text("headers") ?? "")
        // The parsed fields are SendGrid's decoding of the headers; fall back to the raw headers.
        let from = AddressList.parse(text("from") ?? headers["From"] ?? "")
        let to = AddressList.parse(text("to") ?? headers["To"] ?? "")
        let cc = AddressList.parse(text("cc") ?? headers["Cc"] ?? "")
        let email = InboundEmail(
            envelope: envelope, from: from, to: to, cc: cc,
            subject: text("subject") ?? headers["Subject"] ?? "",
            text: text("text"), html: text("html"), headers: headers,
            attachments: attachments(files, info: fields["attachment-info"], notes: &notes),
            notes: notes)
        return InboundParsePost(
            email: email,
            spf: fields["SPF"].map { String(decoding: $0.bytes, as: UTF8.self) },
            dkim: fields["dkim"].map { String(decoding: $0.bytes, as: UTF8.self) },
            spamScore: fields["spam_score"].flatMap { Double(String(decoding: $0.bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)) })
    }

    /// `{"to":["parse@in.example.com"],"from":"sam@example.com"}`. An empty `from` (or `<>`) is
    /// the null reverse-path of a delivery report; a missing or unreadable one makes the whole
    /// envelope unusable (the headers are used instead), since guessing "null" would mark a
    /// person's message automatic.
    private static func decodeEnvelope(_ bytes: [UInt8], notes: inout [String]) -> Envelope? {
        struct Raw: Decodable {
            var to: [String]?
            var from: String?
        }
        guard let raw = decodeJSON(Raw.self, bytes, field: "envelope", notes: &notes) else { return nil }
        let to = (raw.to ?? []).compactMap { EmailAddress($0) }
        let sent = raw.from?.trimmingCharacters(in: .whitespaces)
        switch sent {
        case nil:
            notes.append("envelope: no reverse-path; the headers were used")
            return nil
        case ""?, "<>"?:
            return Envelope(from: nil, to: to)
        case let sent?:
            guard let from = EmailAddress(sent) else {
                notes.append("envelope: the reverse-path is not an address; the headers were used")
                return nil
            }
            return Envelope(from: from, to: to)
        }
    }

    /// One description per file part, named from `attachment-info` when it has the field.
    private static func attachments(_ files: [MultipartForm.Part], info: MultipartForm.Part?, notes: inout [String]) -> [AttachmentDescription] {
        struct Info: Decodable {
            var filename: String?
            var name: String?
            var type: String?
            var contentID: String?

            enum CodingKeys: String, CodingKey {
                case filename, name, type
                case contentID = "content-id"
            }
        }
        let details = info.flatMap { decodeJSON([String: Info].self, $0.bytes, field: "attachment-info", notes: &notes) } ?? [:]
        return files.map { file in
            let detail = details[file.name]
            return AttachmentDescription(
                field: file.name,
                filename: detail?.filename ?? detail?.name ?? file.filename,
                contentType: detail?.type ?? file.contentType.map { HeaderParameters($0).value },
                size: file.size,
                contentID: detail?.contentID)
        }
    }

    private static func decodeJSON<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], field: String, notes: inout [String]) -> T? {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            notes.append("\(field): not the JSON SendGrid sends; ignored")
            return nil
        }
    }
}
