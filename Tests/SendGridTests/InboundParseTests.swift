import EmailKit
import SendGrid
import Testing

/// Posts that are not what SendGrid sends: refused with the right status, never a crash.
@Suite struct InboundParseTests {
    static let type = "multipart/form-data; boundary=xYzZY"

    static func body(_ parts: [(String, String)], closing: Bool = true) -> [UInt8] {
        var text = parts.map { "--xYzZY\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
        if closing { text += "--xYzZY--\r\n" }
        return Array(text.utf8)
    }

    @Test func readsAMinimalPost() throws {
        let post = try InboundParsePost(bytes: Self.body([("from", "a@example.com"), ("to", "b@example.com"), ("text", "hi")]), contentType: Self.type)
        #expect(post.email.sender?.value == "a@example.com")
        #expect(post.email.text == "hi")
        #expect(post.email.envelope == nil)
        #expect(post.email.identity.hasPrefix("sha256:"))
    }

    @Test(arguments: [
        ("application/x-www-form-urlencoded", InboundParseError.notMultipart("application/x-www-form-urlencoded")),
        ("multipart/form-data", InboundParseError.missingBoundary),
        ("multipart/form-data; boundary=\"\"", InboundParseError.missingBoundary),
        ("multipart/form-data; boundary=has space", InboundParseError.missingBoundary),
    ])
    func refusesOtherContentTypes(_ contentType: String, _ error: InboundParseError) {
        #expect(throws: error) { try InboundParsePost(bytes: Self.body([("text", "x")]), contentType: contentType) }
        #expect(error.httpStatus == 400)
    }

    @Test func acceptsAQuotedBoundaryAndCaseInsensitiveType() throws {
        let post = try InboundParsePost(bytes: Self.body([("text", "x")]), contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"xYzZY\"")
        #expect(post.email.text == "x")
    }

    @Test func refusesATruncatedOrMalformedBody() {
        #expect(throws: InboundParseError.truncated) {
            try InboundParsePost(bytes: Self.body([("text", "x")], closing: false), contentType: Self.type)
        }
        #expect(throws: InboundParseError.truncated) { try InboundParsePost(bytes: [], contentType: Self.type) }
        let garbage = Array("--xYzZY\r\nno colon here\r\n\r\nx\r\n--xYzZY--\r\n".utf8)
        #expect(throws: InboundParseError.self) { try InboundParsePost(bytes: garbage, contentType: Self.type) }
    }

    @Test func enforcesTheSizeLimitsWith413() throws {
        let limits = InboundParseLimits(maxBodyBytes: 2_000, maxBodyFieldBytes: 100, maxFieldBytes: 50, maxParts: 3)
        let bigText = Self.body([("text", String(repeating: "a", count: 101))])
        let error = try #require(throws: InboundParseError.self) { try InboundParsePost(bytes: bigText, contentType: Self.type, limits: limits) }
        #expect(error == .tooLarge("the form field 'text'", limit: 100))
        #expect(error.httpStatus == 413)
        #expect(throws: InboundParseError.tooLarge("the form field 'subject'", limit: 50)) {
            try InboundParsePost(bytes: Self.body([("subject", String(repeating: "s", count: 51))]), contentType: Self.type, limits: limits)
        }
        #expect(throws: InboundParseError.tooManyParts(limit: 3)) {
            try InboundParsePost(bytes: Self.body([("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")]), contentType: Self.type, limits: limits)
        }
        #expect(throws: InboundParseError.tooLarge("the post", limit: 2_000)) {
            try InboundParsePost(bytes: Self.body([("x", String(repeating: "x", count: 2_000))]), contentType: Self.type, limits: limits)
        }
    }

    @Test func attachmentsAreCountedNotKeptSoTheirSizeIsNotAFieldLimit() throws {
        let limits = InboundParseLimits(maxBodyBytes: 100_000, maxBodyFieldBytes: 100, maxFieldBytes: 50, maxParts: 10)
        let file = String(repeating: "\u{1}", count: 50_000)
        let text = "--xYzZY\r\nContent-Disposition: form-data; name=\"attachment1\"; filename=\"a;b=c.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\(file)\r\n--xYzZY--\r\n"
        let email = try InboundParsePost(bytes: Array(text.utf8), contentType: Self.type, limits: limits).email
        #expect(email.attachments == [AttachmentDescription(field: "attachment1", filename: "a;b=c.bin", contentType: "application/octet-stream", size: 50_000)])
    }

    @Test func notesWhatItCouldNotReadAndKeepsTheRest() throws {
        let post = try InboundParsePost(bytes: Self.body([
            ("text", "first"), ("text", "second"), ("envelope", "{not json"), ("charsets", "[]"), ("attachment-info", "42"),
        ]), contentType: Self.type)
        #expect(post.email.text == "first")
        #expect(post.email.envelope == nil)
        #expect(post.email.notes.count == 4)
    }

    @Test func anEnvelopeWithoutAReverseFromUsesTheHeadersButAnEmptyOneIsNull() throws {
        let missing = try InboundParsePost(bytes: Self.body([("envelope", #"{"to":["b@example.com"]}"#), ("from", "a@example.com")]), contentType: Self.type)
        #expect(missing.email.envelope == nil)
        #expect(missing.email.sender?.value == "a@example.com")
        let null = try InboundParsePost(bytes: Self.body([("envelope", #"{"to":["b@example.com"],"from":""}"#)]), contentType: Self.type)
        #expect(null.email.envelope == Envelope(from: nil, to: [EmailAddress("b@example.com")!]))
        let bad = try InboundParsePost(bytes: Self.body([("envelope", #"{"to":[],"from":"not an address"}"#)]), contentType: Self.type)
        #expect(bad.email.envelope == nil)
        #expect(bad.email.notes.count == 1)
    }
}

extension InboundParseTests {
    /// MultipartKit 4.7.1 traps on a header-name byte of 0x80 or more (found by
    /// `HostileInputTests`); the parser refuses such posts before MultipartKit sees them.
    @Test func aNonASCIIHeaderNameIsRefusedNotACrash() {
        for name in ["Cont\u{E9}nt-Disposition", "\u{FF}", "X-\u{1F600}"] {
            let body = Array("--xYzZY\r\n\(name): form-data; name=\"text\"\r\n\r\nhi\r\n--xYzZY--\r\n".utf8)
            #expect(throws: InboundParseError.malformed("a part header name contains a byte outside ASCII")) {
                try InboundParsePost(bytes: body, contentType: Self.type)
            }
        }
        // Non-ASCII in header values (a UTF-8 file name) is fine.
        let file = Array("--xYzZY\r\nContent-Disposition: form-data; name=\"attachment1\"; filename=\"Übergabe.pdf\"\r\n\r\n%PDF\r\n--xYzZY--\r\n".utf8)
        #expect((try? InboundParsePost(bytes: file, contentType: Self.type))?.email.attachments.first?.filename == "Übergabe.pdf")
    }
}
