import Foundation
import InMemoryBackend
import RepliesCore
import Twilio
import NIOHTTP1

/// Builds the hostile requests: a fixed, hand-written corpus first, then a seeded random mix of
/// every ``HostileRequest/Kind``. Valid requests carry a unique token (`fz<n>`) so the store can
/// be checked afterwards: exactly the valid tokens, each once, and nothing else.
struct HostileCorpus {
    let tenants: HostileTenants
    private var random: SplitMix64
    private var counter = 0
    /// Valid requests sent so far, for replays and mutations.
    private(set) var sentValid: [HostileRequest] = []

    init(tenants: HostileTenants, seed: UInt64) {
        self.tenants = tenants
        self.random = SplitMix64(seed: seed)
    }

    private var good: SampleTenant { tenants.good }
    private var signingURL: String { good.publicBaseURL + "/whatsapp" }

    // MARK: - Building blocks

    private mutating func nextSid() -> String {
        counter += 1
        return "SM" + String(format: "%032lx", counter)
    }

    private func fields(from: String, to: String, body: String, sid: String) -> [FormField] {
        SimulatedWebhook(channel: .whatsapp, from: from, to: to, body: body, messageSid: sid, accountSid: good.accountSid).fields
    }

    private func signed(_ fields: [FormField], token: String? = nil, url: String? = nil) -> (body: [UInt8], signature: String) {
        (Array(SimulatedWebhook.encode(fields).utf8), TwilioSignature.compute(url: url ?? signingURL, fields: fields, authToken: token ?? good.authToken))
    }

    private func request(_ kind: HostileRequest.Kind, _ body: [UInt8], signature: String?, expected: Set<Int>) -> HostileRequest {
        var request = HostileRequest(kind: kind, body: body, expected: expected)
        if let signature { request.headers.append(("X-Twilio-Signature", signature)) }
        return request
    }

    /// A new, correctly signed message for `party` (the good tenant by default).
    mutating func valid(text: String = "", user: String? = nil, company: String? = nil, conversationId: String? = nil,
                        extra: [FormField] = [], query: String? = nil) -> HostileRequest {
        let sid = nextSid()
        let token = "fz\(counter)x"
        let all = fields(from: user ?? good.user, to: company ?? good.company, body: "\(token) \(text)", sid: sid) + extra
        let url = signingURL + (query.map { "?" + $0 } ?? "")
        let (body, signature) = signed(all, url: url)
        var result = request(.valid, body, signature: signature, expected: [200])
        result.query = query
        result.token = token
        result.conversationId = conversationId ?? good.conversationId
        if conversationId == nil || conversationId == good.conversationId { sentValid.append(result) }
        return result
    }

    // MARK: - The hand-written corpus

    mutating func fixed() -> [HostileRequest] {
        let sid = nextSid()
        let base = fields(from: good.user, to: good.company, body: "hand-written", sid: sid)
        let (form, signature) = signed(base)
        let text = String(decoding: form, as: UTF8.self)
        var corpus: [HostileRequest] = [
            request(.missingField, [], signature: signature, expected: [400]),
            request(.missingField, Array("&&&==&".utf8), signature: signature, expected: [400]),
            request(.badPercentEscape, Array("From=%".utf8), signature: nil, expected: [400]),
            request(.badPercentEscape, Array("From=%4".utf8), signature: nil, expected: [400]),
            request(.badPercentEscape, Array((text + "&Body=%G1").utf8), signature: signature, expected: [400]),
            request(.invalidUTF8, Array("From=%E0%80%80&To=x&MessageSid=y".utf8), signature: nil, expected: [400]),  // overlong
            request(.invalidUTF8, Array("From=%ED%A0%80&To=x&MessageSid=y".utf8), signature: nil, expected: [400]),  // surrogate
            request(.invalidUTF8, [0x46, 0x72, 0x6F, 0x6D, 0x3D, 0xFF, 0xFE, 0x26, 0x54, 0x6F, 0x3D, 0xC3, 0x28], signature: nil, expected: [400]),
            request(.tooManyFields, Array(String(repeating: "a=1&", count: 1_001).utf8), signature: signature, expected: [400]),
            request(.tooLarge, Array(repeating: UInt8(ascii: "a"), count: 64 * 1024 + 1), signature: signature, expected: [413]),
            request(.tooLarge, Array((text + "&Pad=" + String(repeating: "z", count: 300_000)).utf8), signature: signature, expected: [413]),
            request(.missingSignature, form, signature: "", expected: [403]),
            request(.forgedSignature, form, signature: String(signature.reversed()), expected: [403]),
        ]
        // Two signature headers: the first (forged) one is the one checked.
        var twoHeaders = request(.forgedSignature, form, signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", expected: [403])
        twoHeaders.headers.append(("X-Twilio-Signature", signature))
        corpus.append(twoHeaders)
        // Signed without the query string the request arrives with.
        var query = request(.wrongURLSignature, form, signature: signature, expected: [403])
        query.query = "x=1"
        corpus.append(query)
        var json = request(.wrongContentType, Array(#"{"From":"whatsapp:+447700900123","To":"whatsapp:+447700900456"}"#.utf8),
                           signature: signature, expected: [400])
        json.headers = [("Content-Type", "application/json"), ("X-Twilio-Signature", signature)]
        corpus.append(json)
        var multipart = request(.wrongContentType, Array("--b\r\nContent-Disposition: form-data; name=\"From\"\r\n\r\nx\r\n--b--\r\n".utf8),
                                signature: signature, expected: [400])
        multipart.headers = [("Content-Type", "multipart/form-data; boundary=b"), ("X-Twilio-Signature", signature)]
        corpus.append(multipart)
        var unknown = request(.unknownPath, form, signature: signature, expected: [404])
        unknown.path = "/fax"
        corpus.append(unknown)
        // A Twilio webhook on the e-mail route carries no Inbound Parse signature: the same 403.
        var email = request(.unknownPair, form, signature: signature, expected: [403])
        email.path = "/email"
        corpus.append(email)
        var get = request(.unknownPath, [], signature: nil, expected: [404, 405])
        get.method = .GET
        corpus.append(get)
        // The right pair on the SMS route: no SMS conversation names a secret for the number,
        // so nothing can authenticate it: the same 403 as any unauthenticated request.
        var sms = request(.unknownPair, form, signature: signature, expected: [403])
        sms.path = "/sms"
        corpus.append(sms)
        // Valid oddities: NUL, bidi override, emoji, a query string signed in, a body near the limit.
        corpus.append(valid(text: "nul\u{0} bidi\u{202E} emoji 🙂 ü"))
        corpus.append(valid(text: "with a signed query", query: "source=fuzz&empty="))
        // A repeated Body, correctly signed: Twilio never repeats it, and repeats are how a
        // captured webhook is re-cut into another one (the signature has no separators).
        let repeated = fields(from: good.user, to: good.company, body: "bad\(counter) repeated", sid: nextSid())
            + [FormField("Body", "second body")]
        let (repeatedBody, repeatedSignature) = signed(repeated)
        corpus.append(request(.repeatedField, repeatedBody, signature: repeatedSignature, expected: [400]))
        corpus.append(valid(text: String(repeating: "long ", count: 11_000)))
        corpus += whatsAppOddities()
        return corpus
    }

    /// Shared locations and users behind a WhatsApp username: a signed location is a message
    /// like any other; coordinates Twilio would never send are 400; a `From` that is a
    /// business-scoped ID with no `WaId` matches no record: 200, nothing stored.
    private mutating func whatsAppOddities() -> [HostileRequest] {
        var oddities = [valid(text: "a place", extra: [
            FormField("Latitude", "52.3731"), FormField("Longitude", "4.8926"), FormField("Label", "Dam \u{202E} Square"),
            FormField("Address", String(repeating: "Ä", count: 1_000)),
        ])]
        for (latitude, longitude) in [("1e3", "4"), ("52.37", ""), ("nan", "0"), ("-91", "0"), ("52.37", "180.5")] {
            let fields = fields(from: good.user, to: good.company, body: "bad\(counter) location", sid: nextSid())
                + [FormField("Latitude", latitude), FormField("Longitude", longitude)]
            let (body, signature) = signed(fields)
            oddities.append(request(.missingField, body, signature: signature, expected: [400]))
        }
        let username = fields(from: "BR.1502576394655843", to: good.company, body: "bad\(counter) username", sid: nextSid())
            + [FormField("ExternalUserId", "whatsapp:BR.1502576394655843")]
        let (body, signature) = signed(username)
        oddities.append(request(.unknownPair, body, signature: signature, expected: [200]))
        return oddities
    }

    // MARK: - The random mix

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    private mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    mutating func randomRequest() -> HostileRequest {
        let roll = random.next() % 100
        switch roll {
        case 0..<14: return valid(text: "random \(random.next() % 1000)")
        case 14..<22 where !sentValid.isEmpty: return replayed()
        case 22..<30 where !sentValid.isEmpty: return mutated()
        case 30..<37: return forged()
        case 37..<41:
            let (body, _) = signed(fields(from: good.user, to: good.company, body: "bad\(counter) unsigned", sid: nextSid()))
            return request(.missingSignature, body, signature: nil, expected: [403])
        case 41..<46: return wrongURL()
        case 46..<51:
            let (body, signature) = signed(fields(from: good.user, to: good.company, body: "bad\(counter) tenant", sid: nextSid()), token: tenants.otherToken)
            return request(.wrongTenantSignature, body, signature: signature, expected: [403])
        case 51..<55: return tampered()
        case 55..<61:
            let stranger = "+4477009" + String(10_000 + random.next() % 80_000)
            let (body, signature) = signed(fields(from: stranger, to: good.company, body: "bad\(counter) stranger", sid: nextSid()))
            return chance(50)
                ? request(.unknownPair, body, signature: signature, expected: [200])
                : request(.unknownPair, body, signature: nil, expected: [403])
        case 61..<66: return brokenEncoding()
        case 66..<71: return missingField()
        case 71..<74:
            var json = request(.wrongContentType, Array(#"{"Body":"bad","MessageSid":"SM1"}"#.utf8), signature: "x", expected: [400])
            json.headers[0] = ("Content-Type", pick(["application/json", "text/plain", "application/xml", ""]))
            return json
        case 74..<82:
            let length = Int(random.next() % 600)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            return request(.randomBytes, bytes, signature: chance(50) ? "c2lnbmF0dXJl" : nil, expected: [400])
        case 82..<88:
            let party = pick([tenants.noChannelConfig, tenants.channelConfigNotAMap])
            let (body, signature) = signed(fields(from: party.user, to: party.company, body: "bad\(counter) misconfigured", sid: nextSid()))
            return request(.misconfiguredRecord, body, signature: chance(50) ? signature : nil, expected: [403])
        case 88..<93:
            let party = pick([tenants.noAIConfig, tenants.wrongTypes])
            return valid(text: "to a broken record", user: party.user, company: party.company, conversationId: party.conversationId)
        case 93..<96:
            var request = forged()
            request.kind = .unknownPath
            request.path = pick(["/whatsapp/x", "/WHATSAPP", "/", "/whatsapp%00"])
            request.expected = [404]
            return request
        case 96..<97:
            return request(.tooLarge, Array(repeating: UInt8(ascii: "b"), count: 64 * 1024 + 1 + Int(random.next() % 4096)), signature: nil, expected: [413])
        default: return forged()
        }
    }

    private mutating func replayed() -> HostileRequest {
        var request = pick(sentValid)
        request.kind = .replay
        request.token = nil
        return request
    }

    /// Flips 1–3 bytes of an earlier valid request. Whatever the flip does, no new message can
    /// appear: the signature fails (403), the form breaks (400), the number no longer matches
    /// (200 unknown), or the decoded fields are unchanged and it is that message again (200).
    private mutating func mutated() -> HostileRequest {
        var request = pick(sentValid)
        request.kind = .mutated
        request.token = nil
        request.expected = [200, 400, 403]
        for _ in 0..<(1 + random.next() % 3) where !request.body.isEmpty {
            let index = Int(random.next() % UInt64(request.body.count))
            let original = request.body[index]
            var replacement = UInt8(truncatingIfNeeded: random.next())
            if replacement == original { replacement ^= 0x01 }
            request.body[index] = replacement
        }
        return request
    }

    private mutating func forged() -> HostileRequest {
        let (body, _) = signed(fields(from: good.user, to: good.company, body: "bad\(counter) forged", sid: nextSid()))
        let signature = Data((0..<20).map { _ in UInt8(truncatingIfNeeded: random.next()) }).base64EncodedString()
        return request(.forgedSignature, body, signature: signature, expected: [403])
    }

    private mutating func wrongURL() -> HostileRequest {
        let url = pick([
            "http://127.0.0.1:8080/whatsapp", good.publicBaseURL + "/sms", good.publicBaseURL + "/whatsapp/",
            "https://old-hooks.example.test/prod/whatsapp", good.publicBaseURL.replacingOccurrences(of: "https", with: "http") + "/whatsapp",
        ])
        let (body, signature) = signed(fields(from: good.user, to: good.company, body: "bad\(counter) stale url", sid: nextSid()), url: url)
        return request(.wrongURLSignature, body, signature: signature, expected: [403])
    }

    private mutating func tampered() -> HostileRequest {
        var all = fields(from: good.user, to: good.company, body: "bad\(counter) original", sid: nextSid())
        let (_, signature) = signed(all)
        if chance(50) {
            all.append(FormField("Injected", "1"))
        } else if let index = all.firstIndex(where: { $0.name == "Body" }) {
            all[index] = FormField("Body", "bad\(counter) replaced")
        }
        return request(.tamperedAfterSigning, Array(SimulatedWebhook.encode(all).utf8), signature: signature, expected: [403])
    }

    private mutating func brokenEncoding() -> HostileRequest {
        let (body, signature) = signed(fields(from: good.user, to: good.company, body: "bad\(counter) encoding", sid: nextSid()))
        if chance(50) {
            let broken: [UInt8] = Array(pick(["&Body=%", "&Body=%Z9", "&%4", "&Body=%%"]).utf8)
            return request(.badPercentEscape, body + broken, signature: signature, expected: [400])
        }
        let invalid: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x28, 0x8C, 0x28], Array("%C3%28".utf8), Array("%FF".utf8)]
        return request(.invalidUTF8, body + Array("&Body=".utf8) + pick(invalid), signature: signature, expected: [400])
    }

    private mutating func missingField() -> HostileRequest {
        let dropped = pick(["From", "To", "MessageSid"])
        let emptyInstead = chance(50)
        let all = fields(from: good.user, to: good.company, body: "bad\(counter) missing", sid: nextSid()).compactMap { field -> FormField? in
            guard field.name == dropped else { return field }
            return emptyInstead ? FormField(dropped, "") : nil
        }
        // Correctly signed: the signature is not what makes it unusable.
        let (body, signature) = signed(all)
        return request(.missingField, body, signature: signature, expected: [400])
    }
}
