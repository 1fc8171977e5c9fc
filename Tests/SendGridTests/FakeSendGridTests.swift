import Foundation
import TestFakes
import Testing

/// The fake refuses what SendGrid refuses, with SendGrid's messages, so that the client's tests
/// against it mean something.
@Suite struct FakeSendGridTests {
    static let valid = #"""
        {"personalizations":[{"to":[{"email":"sam@example.com"}]}],"from":{"email":"lettings@example.com","name":"L"},
         "subject":"Re: Keys","content":[{"type":"text/plain","value":"Hi"},{"type":"text/html","value":"<p>Hi</p>"}],
         "headers":{"In-Reply-To":"<a@b>","Auto-Submitted":"auto-replied"},"custom_args":{"replies_batch_id":"abc"}}
        """#

    static func withFake(_ body: (FakeSendGrid) async throws -> Void) async throws {
        let sendGrid = try await FakeSendGrid.start(apiKey: Fixture.apiKey)
        do {
            try await body(sendGrid)
            try await sendGrid.stop()
        } catch {
            try? await sendGrid.stop()
            throw error
        }
    }

    /// `valid` with `key` replaced (or removed when `value` is nil).
    static func variant(_ key: String, _ value: Any?) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(valid.utf8)) as? [String: Any])
        object[key] = value
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func acceptsAValidSendWith202AndAMessageId() async throws {
        try await Self.withFake { (sendGrid: FakeSendGrid) async throws in
            let (status, body) = try await Fixture.post(Self.valid, to: sendGrid)
            #expect(status == 202)
            #expect(body.isEmpty)
            let mail = try #require(await sendGrid.sentMail().first)
            #expect(mail.messageId.count == 22)
            #expect(mail.headers["In-Reply-To"] == "<a@b>")
        }
    }

    @Test func refusesMissingOrWrongCredentialsWith401() async throws {
        try await Self.withFake { (sendGrid: FakeSendGrid) async throws in
            let (missing, missingBody) = try await Fixture.post(Self.valid, to: sendGrid, apiKey: nil)
            #expect(missing == 401)
            #expect(missingBody.contains("authorization required"))
            let (wrong, wrongBody) = try await Fixture.post(Self.valid, to: sendGrid, apiKey: "SG.other")
            #expect(wrong == 401)
            #expect(wrongBody.contains("The provided authorization grant is invalid, expired, or revoked"))
            await sendGrid.addAPIKey("SG.other")
            #expect(try await Fixture.post(Self.valid, to: sendGrid, apiKey: "SG.other").status == 202)
        }
    }

    @Test(arguments: [
        ("from", nil, "The from object must be provided for every email send."),
        ("from", #"{"email":"not an address"}"#, "The from email does not contain a valid address."),
        ("personalizations", nil, "The personalizations field is required"),
        ("personalizations", #"[{"cc":[{"email":"a@example.com"}]}]"#, "The to parameter is required for all personalization objects."),
        ("personalizations", #"[{"to":[{"email":"a@example.com"}],"cc":[{"email":"A@example.com"}]}]"#, "should be unique between to, cc, and bcc"),
        ("personalizations", #"[{"to":[{"email":"Sam <sam@example.com>"}]}]"#, "Does not contain a valid address."),
        ("subject", nil, "The subject is required."),
        ("subject", #""""#, "The subject of your email must be a string at least one character in length."),
        ("content", nil, "The content param is required"),
        ("content", #"[{"type":"text/plain","value":""}]"#, "The content value must be a string at least one character in length."),
        ("content", #"[{"type":"text/html","value":"<p>x</p>"},{"type":"text/plain","value":"x"}]"#, "text/plain needs to be first"),
        ("headers", #"{"To":"x@example.com"}"#, "Header can not be one of the reserved keys."),
        ("headers", #"{"content-type":"text/plain"}"#, "Header can not be one of the reserved keys."),
        ("headers", #"{"X-Count":1}"#, "The header values must be strings."),
        ("headers", #"{"Bad Key":"x"}"#, "Header keys cannot contain non-ASCII characters and empty spaces."),
        ("headers", #"{"X-A":"1","x-a":"2"}"#, "The headers cannot contain duplicate keys."),
        ("custom_args", "{}", "custom_args cannot be empty."),
        ("custom_args", #"{"n":1}"#, "All values of custom arguments object must be strings"),
        ("custom_args", #"{"big":"\#(String(repeating: "x", count: 10_001))"}"#, "may not exceed 10,000 bytes"),
    ] as [(String, String?, String)])
    func refusesWhatSendGridRefusesWith400(_ key: String, _ value: String?, _ message: String) async throws {
        let json = try Self.variant(key, value.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) })
        try await Self.withFake { (sendGrid: FakeSendGrid) async throws in
            let (status, body) = try await Fixture.post(json, to: sendGrid)
            #expect(status == 400, "\(key)")
            #expect(body.contains(message), "\(body)")
            #expect(await sendGrid.sentMail().isEmpty)
        }
    }

    @Test func refusesBodiesThatAreNotJSONObjects() async throws {
        try await Self.withFake { (sendGrid: FakeSendGrid) async throws in
            #expect(try await Fixture.post("{not json", to: sendGrid).status == 400)
            #expect(try await Fixture.post("[1,2]", to: sendGrid).status == 400)
            #expect(try await Fixture.post(Self.valid, to: sendGrid, contentType: "text/plain").status == 415)
        }
    }

    @Test func injectedFailuresCarryTheirHeadersAndAreNotSent() async throws {
        try await Self.withFake { (sendGrid: FakeSendGrid) async throws in
            await sendGrid.failNext(count: 2, status: 429, message: "too many requests", retryAfter: 3)
            #expect(try await Fixture.post(Self.valid, to: sendGrid).status == 429)
            #expect(try await Fixture.post(Self.valid, to: sendGrid).status == 429)
            #expect(try await Fixture.post(Self.valid, to: sendGrid).status == 202)
            #expect(await sendGrid.sentMail().count == 1)
            #expect(await sendGrid.requests().count == 3)
        }
    }
}
