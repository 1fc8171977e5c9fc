import RepliesCore
import Testing
import Twilio

/// The official vectors from twilio-python `tests/unit/test_request_validator.py`
/// (external-apis.md §2.2), every one of them.
@Suite struct SignatureVectorTests {
    static let token = "12345"
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let fields = [
        FormField("CallSid", "CA1234567890ABCDE"),
        FormField("Caller", "+14158675309"),
        FormField("Digits", "1234"),
        FormField("From", "+14158675309"),
        FormField("To", "+18005551212"),
    ]
    let verifier = TwilioSignature()

    @Test func computesTheDocumentedSignature() {
        #expect(TwilioSignature.compute(url: Self.url, fields: Self.fields, authToken: Self.token) == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    }

    @Test func acceptsTheURLAsGiven() {
        #expect(verifier.isValid(url: Self.url, fields: Self.fields, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", authToken: Self.token))
    }

    @Test func removesThePortOnHTTPS() {
        let url = "https://mycompany.com:1234/myapp.php?foo=1&bar=2"
        #expect(verifier.isValid(url: url, fields: Self.fields, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", authToken: Self.token))
    }

    @Test func keepsAnExplicitPortOnHTTP() {
        let url = "http://mycompany.com:1234/myapp.php?foo=1&bar=2"
        #expect(TwilioSignature.compute(url: url, fields: Self.fields, authToken: Self.token) == "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")
        #expect(verifier.isValid(url: url, fields: Self.fields, signature: "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", authToken: Self.token))
    }

    @Test func addsPort443OnHTTPS() {
        #expect(verifier.isValid(url: Self.url, fields: Self.fields, signature: "kvajT1Ptam85bY51eRf/AJRuM3w=", authToken: Self.token))
    }

    @Test func addsPort80OnHTTP() {
        let url = "http://mycompany.com/myapp.php?foo=1&bar=2"
        #expect(verifier.isValid(url: url, fields: Self.fields, signature: "0ZXoZLH/DfblKGATFgpif+LLRf4=", authToken: Self.token))
    }

    @Test func sortsRepeatedParameters() {
        let fields = [
            FormField("Sid", "CA123"), FormField("SidAccount", "AC123"),
            FormField("Digits", "5678"), FormField("Digits", "1234"), FormField("Digits", "1234"),
        ]
        #expect(TwilioSignature.compute(url: Self.url, fields: fields, authToken: Self.token) == "IK+Dwps556ElfBT0I3Rgjkr1wJU=")
        #expect(verifier.isValid(url: Self.url, fields: fields, signature: "IK+Dwps556ElfBT0I3Rgjkr1wJU=", authToken: Self.token))
    }

    @Test func validatesAJSONBodyThroughBodySHA256() {
        let body = Array(#"{"property": "value", "boolean": true}"#.utf8)
        let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        let url = Self.url + "&bodySHA256=" + hash
        #expect(verifier.validate(url: url, body: body, signature: "a9nBmqA0ju/hNViExpshrM61xv4=", authToken: Self.token))
    }

    @Test func refusesAJSONBodyThatDoesNotMatchItsHash() {
        let body = Array(#"{"property": "value", "boolean": false}"#.utf8)
        let url = Self.url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        #expect(!verifier.validate(url: url, body: body, signature: "a9nBmqA0ju/hNViExpshrM61xv4=", authToken: Self.token))
    }

    @Test func refusesAJSONBodyWithoutBodySHA256() {
        let body = Array(#"{"property": "value", "boolean": true}"#.utf8)
        // Signed correctly over the bare URL: only the missing hash makes it invalid.
        let signature = TwilioSignature.compute(url: Self.url, fields: [], authToken: Self.token)
        #expect(verifier.isValid(url: Self.url, fields: [], signature: signature, authToken: Self.token))
        #expect(!verifier.validate(url: Self.url, body: body, signature: signature, authToken: Self.token))
    }
}
