import RepliesCore
import Testing
@testable import Twilio

/// Edge cases; expected signatures computed independently with Python's `hmac`/`base64` using
/// twilio-python's algorithm.
@Suite struct SignatureEdgeCaseTests {
    static let token = "fake-token-123"
    static let url = "https://example.test/whatsapp"
    static let webhook = [
        FormField("MessageSid", "SM00000000000000000000000000000001"),
        FormField("From", "whatsapp:+447700900123"),
        FormField("To", "whatsapp:+15005550006"),
        FormField("Body", ""),
        FormField("NumMedia", "0"),
        FormField("MediaUrl0", ""),
    ]
    let verifier = TwilioSignature()

    @Test func emptyValuesAreSigned() {
        #expect(TwilioSignature.compute(url: Self.url, fields: Self.webhook, authToken: Self.token) == "e6kW4SD5crTZoomMaSpUTEbfVxw=")
        // Dropping the blank fields (the original's parse_qs bug) changes the signature.
        let withoutBlanks = Self.webhook.filter { !$0.value.isEmpty }
        #expect(!verifier.isValid(url: Self.url, fields: withoutBlanks, signature: "e6kW4SD5crTZoomMaSpUTEbfVxw=", authToken: Self.token))
    }

    @Test func unicodeBodiesAreSignedAsUTF8() {
        let fields = Array(Self.webhook.prefix(3)) + [FormField("Body", "Olá 👋 ça va? 日本語"), FormField("ProfileName", "Zoë")]
        #expect(TwilioSignature.compute(url: Self.url, fields: fields, authToken: Self.token) == "hu9rpHJKr1de4LyNFGFfR1cpGC8=")
    }

    @Test func repeatedNamesSortByCodePointAndKeepCanonicallyEquivalentValuesApart() {
        // "e\u{301}" and "\u{e9}" are equal as Swift Strings but distinct to Python (and Twilio).
        let fields = [
            FormField("Tag", "b"), FormField("Tag", "a"), FormField("Tag", "e\u{301}"), FormField("Tag", "\u{e9}"),
            FormField("Tag", "a"), FormField("tag", "z"), FormField("Zed", "1"),
        ]
        #expect(TwilioSignature.compute(url: Self.url, fields: fields, authToken: Self.token) == "DuCVaxdW29AE50YPVSHXiflpR3A=")
    }

    @Test func fieldOrderDoesNotMatter() {
        let signature = TwilioSignature.compute(url: Self.url, fields: Self.webhook, authToken: Self.token)
        #expect(verifier.isValid(url: Self.url, fields: Self.webhook.reversed(), signature: signature, authToken: Self.token))
    }

    @Test func queryStringsAreKeptVerbatim() {
        let raw = "https://example.test/whatsapp?b=2&a=1&name=O'Brien"
        let escaped = "https://example.test/whatsapp?b=2&a=1&name=O%27Brien"
        #expect(TwilioSignature.compute(url: raw, fields: Self.webhook, authToken: Self.token) == "6Gcy2yc/C+TzpfqN/xiFoPnWXk4=")
        #expect(TwilioSignature.compute(url: escaped, fields: Self.webhook, authToken: Self.token) == "PB7o0yXVS2jCuSUDzw+4Llm5Ehc=")
        #expect(!verifier.isValid(url: "https://example.test/whatsapp?a=1&b=2&name=O'Brien", fields: Self.webhook,
                                  signature: "6Gcy2yc/C+TzpfqN/xiFoPnWXk4=", authToken: Self.token))
    }

    @Test func noParametersSignsTheURLAlone() {
        #expect(TwilioSignature.compute(url: Self.url, fields: [], authToken: Self.token) == "PMaxtdUSrPgWn43oyXFWORE2uyE=")
    }

    @Test func wrongTokenIsRefused() {
        #expect(!verifier.isValid(url: Self.url, fields: Self.webhook, signature: "e6kW4SD5crTZoomMaSpUTEbfVxw=", authToken: "other-fake-token"))
    }

    @Test(arguments: ["", "e6kW4SD5crTZoomMaSpUTEbfVxw", "e6kW4SD5crTZoomMaSpUTEbfVxw==", "E6KW4SD5CRTZOOMMASPUTEBFVXW=", "not base64 at all!", "e6kW4SD5crTZoomMaSpUTEbfVxw=\n"])
    func missingOrGarbledSignatureIsRefused(signature: String) {
        #expect(!verifier.isValid(url: Self.url, fields: Self.webhook, signature: signature, authToken: Self.token))
    }

    @Test func aChangedValueIsRefused() {
        var fields = Self.webhook
        fields[1] = FormField("From", "whatsapp:+447700900124")
        #expect(!verifier.isValid(url: Self.url, fields: fields, signature: "e6kW4SD5crTZoomMaSpUTEbfVxw=", authToken: Self.token))
    }

    @Test func aDifferentHostOrPathIsRefused() {
        for url in ["https://example.test/sms", "https://other.test/whatsapp", "http://example.test/whatsapp", "https://example.test/whatsapp/"] {
            #expect(!verifier.isValid(url: url, fields: Self.webhook, signature: "e6kW4SD5crTZoomMaSpUTEbfVxw=", authToken: Self.token))
        }
    }

    @Test func urlVariantsFollowTwilioPython() {
        #expect(TwilioURLVariants("https://h.test/p?q=1").all == ["https://h.test:443/p?q=1", "https://h.test/p?q=1"])
        #expect(TwilioURLVariants("http://h.test/p").all == ["http://h.test:80/p", "http://h.test/p"])
        #expect(TwilioURLVariants("https://h.test:8443/p").all == ["https://h.test:8443/p", "https://h.test/p"])
        #expect(TwilioURLVariants("https://user:pw@h.test:8443/p#rc=2").all == ["https://user:pw@h.test:8443/p#rc=2", "https://user:pw@h.test/p#rc=2"])
        #expect(TwilioURLVariants("https://[::1]:8443/p").all == ["https://[::1]:8443/p", "https://[::1]/p"])
        #expect(TwilioURLVariants("https://h.test").all == ["https://h.test:443", "https://h.test"])
        #expect(TwilioURLVariants("not a url").all == ["not a url"])
    }
}
