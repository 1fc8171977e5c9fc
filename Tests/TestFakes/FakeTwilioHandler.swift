import Foundation

/// An HTTP answer from the fake, before it is turned into a Hummingbird response.
struct FakeTwilioReply: Sendable {
    var status: Int
    var json: Data
    var retryAfter: Int? = nil
}

/// Answers the Messages API calls the engine makes, checking them the way Twilio does.
struct FakeTwilioHandler: Sendable {
    let state: FakeTwilioState
    let maxPageSize: Int

    func respond(to request: FakeTwilio.RecordedRequest) async -> FakeTwilioReply {
        if request.path == "/v2/Indicators/Typing.json" { return await typing(request) }
        guard let pathAccount = Self.messagesAccount(in: request.path) else {
            return Self.error(404, code: 20404, "The requested resource \(request.path) was not found")
        }
        guard let accountSid = await authenticatedAccount(request.authorization) else {
            return Self.error(401, code: 20003, "Authenticate")
        }
        guard accountSid == pathAccount else {
            return Self.error(404, code: 20404, "The requested resource \(request.path) was not found")
        }
        switch request.method {
        case "POST": return await create(request, accountSid: accountSid)
        case "GET": return await list(request, accountSid: accountSid)
        default: return Self.error(405, code: 20004, "Method not allowed")
        }
    }

    /// The account of `/2010-04-01/Accounts/{Sid}/Messages.json`, nil for any other path.
    static func messagesAccount(in path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "2010-04-01", parts[2] == "Accounts", parts[4] == "Messages.json",
              !parts[3].isEmpty, parts[3].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        return String(parts[3])
    }

    /// The WhatsApp typing indicator (public beta, messaging.twilio.com): POST, Basic auth,
    /// `channel=whatsapp` and a `messageId` that is a message (`SM…`) or media (`MM…`) SID.
    private func typing(_ request: FakeTwilio.RecordedRequest) async -> FakeTwilioReply {
        guard request.method == "POST" else { return Self.error(405, code: 20004, "Method not allowed") }
        guard await authenticatedAccount(request.authorization) != nil else { return Self.error(401, code: 20003, "Authenticate") }
        let form = FakeTwilioForm.firstValues(request.body)
        guard form["channel"] == "whatsapp" else { return Self.error(400, code: 21610, "Invalid channel: \(form["channel"] ?? "")") }
        guard let id = form["messageId"], id.count == 34, id.hasPrefix("SM") || id.hasPrefix("MM") else {
            return Self.error(400, code: 20001, "Invalid messageId")
        }
        await state.recordTyping(id)
        return Self.json(200, ["success": true])
    }

    /// `Authorization: Basic base64(sid:token)` against the known accounts.
    private func authenticatedAccount(_ header: String?) async -> String? {
        guard let header, header.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6))).flatMap({ String(data: $0, encoding: .utf8) }),
              let colon = decoded.firstIndex(of: ":")
        else { return nil }
        let sid = String(decoded[..<colon])
        let token = String(decoded[decoded.index(after: colon)...])
        guard let expected = await state.token(for: sid), expected == token else { return nil }
        return sid
    }

    private func create(_ request: FakeTwilio.RecordedRequest, accountSid: String) async -> FakeTwilioReply {
        let form = FakeTwilioForm.firstValues(request.body)
        guard let to = form["To"], !to.isEmpty else { return Self.error(400, code: 21604, "A 'To' phone number is required.") }
        guard let from = form["From"], !from.isEmpty else { return Self.error(400, code: 21603, "A 'From' phone number is required.") }
        guard let body = form["Body"], !body.isEmpty else { return Self.error(400, code: 21602, "Message body is required.") }
        guard let toChannel = Self.channel(of: to) else { return Self.error(400, code: 21211, "Invalid 'To' Phone Number: \(to)") }
        guard let fromChannel = Self.channel(of: from) else { return Self.error(400, code: 21212, "Invalid From Number: \(from)") }
        guard toChannel == fromChannel else {
            return Self.error(400, code: 21910, "Invalid From and To pair. From and To should be of the same channel")
        }
        guard body.utf16.count <= 1600 else {
            return Self.error(400, code: 21617, "The concatenated message body exceeds the 1600 character limit.")
        }
        if let callback = form["StatusCallback"], !Self.isValidCallbackURL(callback) {
            return Self.error(400, code: 21609, "Invalid StatusCallback url: \(callback)")
        }
        let message = FakeTwilio.Message(
            accountSid: accountSid, to: to, from: from, body: body, dateCreated: state.now(), statusCallback: form["StatusCallback"])
        await state.store(message)
        return Self.json(201, FakeTwilioMessageJSON(message: message))
    }

    private func list(_ request: FakeTwilio.RecordedRequest, accountSid: String) async -> FakeTwilioReply {
        let query = FakeTwilioForm.firstValues(request.query ?? "")
        let pageSize = min(max(Int(query["PageSize"] ?? "") ?? 50, 1), maxPageSize)
        let page = max(Int(query["Page"] ?? "") ?? 0, 0)
        let sentAfter = query["DateSent>"].flatMap(Self.startOfDay)
        if query["DateSent>"] != nil && sentAfter == nil {
            return Self.error(400, code: 20001, "Invalid DateSent> value, expected YYYY-MM-DD")
        }
        let matching = await state.allMessages()
            .filter { $0.accountSid == accountSid }
            .filter { query["To"] == nil || $0.to == query["To"] }
            .filter { query["From"] == nil || $0.from == query["From"] }
            .filter { message in sentAfter.map { message.dateCreated >= $0 } ?? true }
            .sorted { $0.dateCreated > $1.dateCreated }
        let start = page * pageSize
        let slice = start < matching.count ? Array(matching[start..<min(start + pageSize, matching.count)]) : []
        let path = request.path
        func pageURI(_ number: Int) -> String {
            var items = FakeTwilioForm.pairs(request.query ?? "").filter { $0.0 != "Page" && $0.0 != "PageToken" && $0.0 != "PageSize" }
            items += [("PageSize", String(pageSize)), ("Page", String(number))]
            if number > 0 { items.append(("PageToken", "PASM" + String(number))) }
            return path + "?" + FakeTwilioForm.encode(items)
        }
        let hasNext = start + pageSize < matching.count
        return Self.json(200, FakeTwilioPageJSON(
            messages: slice, uri: pageURI(page), firstPageURI: pageURI(0),
            nextPageURI: hasNext ? pageURI(page + 1) : nil, previousPageURI: page > 0 ? pageURI(page - 1) : nil,
            page: page, pageSize: pageSize))
    }

    /// Twilio's rule for `StatusCallback` (the OpenAPI description): an absolute http(s) URL with a
    /// valid hostname, no underscores in it.
    static func isValidCallbackURL(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty, !host.contains("_"), text.count <= 2048
        else { return false }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }

    /// `whatsapp` or `sms` for `whatsapp:+E164` or `+E164`; nil for anything else.
    static func channel(of address: String) -> String? {
        let (channel, number) = address.hasPrefix("whatsapp:") ? ("whatsapp", address.dropFirst(9)) : ("sms", Substring(address))
        guard number.first == "+" else { return nil }
        let digits = number.dropFirst()
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { return nil }
        return channel
    }

    static func startOfDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        return components.date
    }

    static func error(_ status: Int, code: Int, _ message: String, retryAfter: Int? = nil) -> FakeTwilioReply {
        let body: [String: AnyEncodable] = [
            "code": .int(code), "message": .string(message),
            "more_info": .string("https://www.twilio.com/docs/errors/\(code)"), "status": .int(status),
        ]
        var reply = json(status, body)
        reply.retryAfter = retryAfter
        return reply
    }

    static func json(_ status: Int, _ value: some Encodable) -> FakeTwilioReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data(#"{"message":"fake could not encode its answer"}"#.utf8)
        return FakeTwilioReply(status: status, json: data)
    }

    enum AnyEncodable: Encodable {
        case int(Int)
        case string(String)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }
}
