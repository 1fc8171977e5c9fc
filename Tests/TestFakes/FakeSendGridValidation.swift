import Foundation

/// What SendGrid's Mail Send endpoint checks before it queues an e-mail, with its documented
/// messages ("Mail Send errors", sendgrid/docs `API_Reference/Web_API_v3/Mail/errors.md`, and the
/// `PostMailSend` schema of twilio/sendgrid-oai `tsg_mail_v3.json`).
enum FakeSendGridValidation {
    struct Reply {
        var status: Int
        var headers: [String: String] = [:]
        var body: Data = Data()
    }

    static let reservedHeaders: Set<String> = [
        "x-sg-id", "x-sg-eid", "received", "dkim-signature", "content-type", "content-transfer-encoding",
        "to", "from", "subject", "reply-to", "cc", "bcc",
    ]
    static let help = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html"

    static func handle(_ request: FakeSendGrid.RecordedRequest, state: FakeSendGridState, sandbox: Bool) async -> Reply {
        guard request.path == "/v3/mail/send" else { return errorReply(404, [("not found", nil)]) }
        guard request.method == "POST" else { return errorReply(405, [("method not allowed", nil)]) }
        guard let authorization = request.authorization, authorization.hasPrefix("Bearer ") else {
            return errorReply(401, [("authorization required", nil)])
        }
        guard await state.accepts(String(authorization.dropFirst(7))) else {
            return errorReply(401, [("The provided authorization grant is invalid, expired, or revoked", nil)])
        }
        guard request.body.count <= FakeSendGrid.maxRequestBytes else { return errorReply(413, [("content too large", nil)]) }
        guard String(data: request.body, encoding: .utf8) != nil else { return errorReply(415, [("Invalid UTF8 in request", nil)]) }
        guard request.contentType?.lowercased().hasPrefix("application/json") == true else {
            return errorReply(415, [("Content-Type should be application/json.", nil)])
        }
        guard let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] else {
            return errorReply(400, [("Bad Request", nil)])
        }
        let problems = check(object)
        guard problems.isEmpty else { return errorReply(400, problems) }
        if sandbox { return Reply(status: 200) }
        let messageId = newMessageId()
        await state.store(mail(from: object, messageId: messageId, json: request.body))
        return Reply(status: 202, headers: ["X-Message-Id": messageId])
    }

    /// Every problem, as SendGrid lists them all in one answer: (message, field).
    static func check(_ object: [String: Any]) -> [(String, String?)] {
        var problems: [(String, String?)] = []
        let usesTemplate = (object["template_id"] as? String).map { !$0.isEmpty } ?? false

        let personalizations = object["personalizations"] as? [[String: Any]] ?? []
        if personalizations.isEmpty {
            problems.append(("The personalizations field is required and must have at least one personalization.", "personalizations"))
        } else if personalizations.count > 1000 {
            problems.append(("The personalization block is limited to 1000 personalizations per API request. You have provided \(personalizations.count) personalizations. Please consider splitting this into multiple requests and resending your request.", "personalizations"))
        }
        var everyPersonalizationHasSubject = !personalizations.isEmpty
        for (index, personalization) in personalizations.enumerated() {
            let to = personalization["to"] as? [[String: Any]] ?? []
            if to.isEmpty { problems.append(("The to parameter is required for all personalization objects.", "personalizations.\(index).to")) }
            var seen = Set<String>()
            for kind in ["to", "cc", "bcc"] {
                for (position, recipient) in (personalization[kind] as? [[String: Any]] ?? []).enumerated() {
                    let address = recipient["email"] as? String ?? ""
                    if !isValidAddress(address) {
                        problems.append(("Does not contain a valid address.", "personalizations.\(index).\(kind).\(position).email"))
                    } else if !seen.insert(address.lowercased()).inserted {
                        problems.append(("Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [\(address)] in the personalizations.\(index).\(kind) field.", "personalizations.\(index).\(kind)"))
                    }
                }
            }
            if (personalization["subject"] as? String).map({ $0.isEmpty }) ?? true { everyPersonalizationHasSubject = false }
            problems += checkHeaders(personalization["headers"], field: "personalizations.\(index).headers")
            problems += checkCustomArgs(personalization["custom_args"], field: "personalizations.\(index).custom_args")
        }

        if let from = object["from"] as? [String: Any] {
            if !isValidAddress(from["email"] as? String ?? "") { problems.append(("The from email does not contain a valid address.", "from.email")) }
        } else {
            problems.append(("The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {\"email\" : \"example@example.com\"}  or {\"email\" : \"example@example.com\", \"name\" : \"Example Recipient\"}.", "from.email"))
        }
        if let replyTo = object["reply_to"] as? [String: Any], !isValidAddress(replyTo["email"] as? String ?? "") {
            problems.append(("The reply_to email does not contain a valid address.", "reply_to.email"))
        }

        switch object["subject"] {
        case let subject as String where subject.isEmpty:
            problems.append(("The subject of your email must be a string at least one character in length.", "subject"))
        case is String:
            break
        case nil where usesTemplate || everyPersonalizationHasSubject:
            break
        default:
            problems.append(("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject"))
        }

        let content = object["content"] as? [[String: Any]]
        if content == nil || content?.isEmpty == true {
            if !usesTemplate {
                problems.append(("The content param is required unless you are using a transactional template and have defined a template_ID.", "content"))
            }
        } else if let content {
            var types: [String] = []
            for (index, part) in content.enumerated() {
                let type = part["type"] as? String ?? ""
                if type.isEmpty { problems.append(("A content type is required, this tells email clients how to display the email.", "content.\(index).type")) }
                if type.contains(";") || type.contains("\r") || type.contains("\n") { problems.append(("Cannot contain ';', or CRLF characters.", "content.\(index).type")) }
                if (part["value"] as? String).map({ $0.isEmpty }) ?? true {
                    problems.append(("The content value must be a string at least one character in length.", "content.\(index).value"))
                }
                types.append(type.lowercased())
            }
            if types.filter({ $0 == "text/plain" }).count > 1 || types.filter({ $0 == "text/html" }).count > 1 {
                problems.append(("If present, text/plain and text/html may only be provided once.", "content"))
            }
            // text/plain first, then text/html, then any other type.
            let ranks = types.map { $0 == "text/plain" ? 0 : $0 == "text/html" ? 1 : 2 }
            if ranks != ranks.sorted() {
                problems.append(("Following RFC 1341, section 7.2, if either text/html or text/plain are to be sent in your email: text/plain needs to be first, followed by text/html, followed by any other content.", "content"))
            }
        }

        problems += checkHeaders(object["headers"], field: "headers")
        problems += checkCustomArgs(object["custom_args"], field: "custom_args")
        return problems
    }

    static func checkHeaders(_ value: Any?, field: String) -> [(String, String?)] {
        guard let value else { return [] }
        guard let headers = value as? [String: Any] else { return [("Invalid type. Expected: object, given: \(typeName(value)).", field)] }
        var problems: [(String, String?)] = []
        var seen = Set<String>()
        for (name, headerValue) in headers.sorted(by: { $0.key < $1.key }) {
            if !(headerValue is String) { problems.append(("The header values must be strings.", field)) }
            if !seen.insert(name.lowercased()).inserted { problems.append(("The headers cannot contain duplicate keys.", field)) }
            if name.isEmpty || !name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
                problems.append(("Header keys cannot contain non-ASCII characters and empty spaces.", field))
            }
            if reservedHeaders.contains(name.lowercased()) { problems.append(("Header can not be one of the reserved keys.", field)) }
        }
        return problems
    }

    static func checkCustomArgs(_ value: Any?, field: String) -> [(String, String?)] {
        guard let value else { return [] }
        guard let arguments = value as? [String: Any] else { return [("Invalid type. Expected: object, given: \(typeName(value)).", field)] }
        if arguments.isEmpty { return [("custom_args cannot be empty.", field)] }
        if arguments.values.contains(where: { !($0 is String) }) { return [("All values of custom arguments object must be strings", field)] }
        let size = arguments.reduce(0) { $0 + $1.key.utf8.count + (($1.value as? String)?.utf8.count ?? 0) }
        if size > 10_000 {
            return [("The combined size of both global and personalization custom arguments may not exceed 10,000 bytes per personalization.", field)]
        }
        return []
    }

    /// SendGrid's check is stricter than RFC 5322 and refuses display-name forms: one `@`, a
    /// non-empty local part, a dotted domain, no white space, at most 320 characters.
    static func isValidAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.count <= 320, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else { return false }
        return true
    }

    static func typeName(_ value: Any) -> String {
        switch value {
        case is String: "string"
        case is [Any]: "array"
        case is NSNumber: "number"
        default: "null"
        }
    }

    static func mail(from object: [String: Any], messageId: String, json: Data) -> FakeSendGrid.Mail {
        let personalization = (object["personalizations"] as? [[String: Any]])?.first ?? [:]
        let from = object["from"] as? [String: Any] ?? [:]
        return FakeSendGrid.Mail(
            messageId: messageId,
            to: (personalization["to"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String },
            from: from["email"] as? String ?? "",
            fromName: from["name"] as? String,
            replyTo: (object["reply_to"] as? [String: Any])?["email"] as? String,
            subject: object["subject"] as? String ?? personalization["subject"] as? String ?? "",
            content: (object["content"] as? [[String: Any]] ?? []).map {
                FakeSendGrid.Mail.Content(type: $0["type"] as? String ?? "", value: $0["value"] as? String ?? "")
            },
            headers: object["headers"] as? [String: String] ?? [:],
            customArgs: object["custom_args"] as? [String: String] ?? [:],
            json: json)
    }

    static func errorReply(_ status: Int, _ problems: [(String, String?)]) -> Reply {
        let errors: [[String: Any]] = problems.map { message, field in
            ["message": message, "field": field.map { $0 as Any } ?? NSNull(), "help": field.map { "\(help)#message.\($0)" as Any } ?? NSNull()]
        }
        let body = (try? JSONSerialization.data(withJSONObject: ["errors": errors], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Reply(status: status, body: body)
    }

    /// 22 characters of base64url, the shape of SendGrid's `X-Message-Id`.
    static func newMessageId() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return String((0..<22).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
