import RepliesCore
import Testing
import Twilio

@Suite struct FormParsingTests {
    @Test func keepsOrderEmptyValuesAndRepeats() throws {
        let fields = try TwilioForm.parse("Body=&NumMedia=0&Tag=b&Tag=a&Tag=b&Empty=")
        #expect(fields == [
            FormField("Body", ""), FormField("NumMedia", "0"), FormField("Tag", "b"),
            FormField("Tag", "a"), FormField("Tag", "b"), FormField("Empty", ""),
        ])
    }

    @Test func plusIsSpaceAndEncodedPlusIsPlus() throws {
        let fields = try TwilioForm.parse("Body=Hi%2C+yes+1+June+works&To=whatsapp%3A%2B447700900456&A+B=c%2Bd")
        #expect(fields == [
            FormField("Body", "Hi, yes 1 June works"), FormField("To", "whatsapp:+447700900456"), FormField("A B", "c+d"),
        ])
    }

    @Test func decodesUTF8AndLowerCaseHex() throws {
        let fields = try TwilioForm.parse("Body=Ol%C3%A1+%f0%9f%91%8b&Name=Zo%C3%AB")
        #expect(fields == [FormField("Body", "Olá 👋"), FormField("Name", "Zoë")])
    }

    @Test func segmentsWithoutEqualsAndEmptySegments() throws {
        #expect(try TwilioForm.parse("") == [])
        #expect(try TwilioForm.parse("&&flag&a=1&&b==2&") == [FormField("flag", ""), FormField("a", "1"), FormField("b", "=2")])
        #expect(try TwilioForm.parse("=x") == [FormField("", "x")])
    }

    @Test func bytesAndTextParseAlike() throws {
        let text = "From=whatsapp%3A%2B447700900123&Body=caf%C3%A9"
        #expect(try TwilioForm.parse(bytes: Array(text.utf8)) == TwilioForm.parse(text))
    }

    @Test(arguments: ["Body=%", "Body=%2", "Body=%ZZ", "Body=%2G", "Body=100%", "%=x", "a=1&Body=%%41"])
    func malformedEscapesAreRefused(body: String) {
        #expect(throws: TwilioFormError.self) { try TwilioForm.parse(body) }
    }

    @Test func theErrorNamesThePosition() {
        #expect(throws: TwilioFormError.malformedPercentEscape(field: 2)) { try TwilioForm.parse("a=1&Body=%ZZ") }
    }

    @Test(arguments: ["Body=%FF", "Body=%C3", "Body=%C3%28", "Body=%ED%A0%80", "Body=%C0%AF"])
    func invalidUTF8IsRefused(body: String) {
        #expect(throws: TwilioFormError.invalidUTF8(field: 1)) { try TwilioForm.parse(body) }
    }

    @Test func rawInvalidUTF8BytesAreRefused() {
        let bytes: [UInt8] = Array("Body=".utf8) + [0xC3, 0x28]
        #expect(throws: TwilioFormError.invalidUTF8(field: 1)) { try TwilioForm.parse(bytes: bytes) }
    }

    @Test func tooManyFieldsAreRefused() throws {
        let atLimit = (0..<TwilioForm.maxFields).map { "f\($0)=1" }.joined(separator: "&")
        #expect(try TwilioForm.parse(atLimit).count == TwilioForm.maxFields)
        #expect(throws: TwilioFormError.tooManyFields(limit: TwilioForm.maxFields)) { try TwilioForm.parse(atLimit + "&one=more") }
        #expect(throws: TwilioFormError.tooManyFields(limit: 2)) { try TwilioForm.parse("a=1&b=2&c=3", maxFields: 2) }
    }

    @Test func errorDescriptionsDoNotQuoteValues() {
        let error = TwilioFormError.malformedPercentEscape(field: 3)
        #expect(error.description.contains("field 3"))
        #expect(TwilioFormError.missingField("From").description.contains("'From'"))
        #expect(RetryDisposition.of(error) == .permanent)
    }

    @Test func twimlIsTheEmptyResponse() {
        #expect(TwiML.emptyResponse == #"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#)
        #expect(TwiML.contentType == "text/xml; charset=utf-8")
    }
}
