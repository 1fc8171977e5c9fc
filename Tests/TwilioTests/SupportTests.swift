import Foundation
import Testing
import RepliesCore
@testable import Twilio

@Suite struct SupportTests {
    @Test func parsesRFC2822Dates() {
        let expected = Date(timeIntervalSince1970: 1_795_514_551)
        #expect(RFC2822Date.parse("Tue, 24 Nov 2026 10:02:31 +0000") == expected)
        #expect(RFC2822Date.parse("24 Nov 2026 10:02:31 GMT") == expected)
        #expect(RFC2822Date.parse("Tue, 24 Nov 2026 11:02:31 +0100") == expected)
        #expect(RFC2822Date.parse("Tue, 24 Nov 2026 05:02:31 -0500") == expected)
        #expect(RFC2822Date.parse("Tue, 24 Nov 2026 10:02 +0000") == expected - 31)
        for bad in ["", "2026-11-24T10:02:31Z", "Tue, 24 Foo 2026 10:02:31 +0000", "Tue, 24 Nov 26 10:02:31 +0000",
                    "Tue, 24 Nov 2026 25:02:31 +0000", "Tue, 24 Nov 2026 10:02:31 +00", "Tue, 24 Nov 2026 10:02:31"] {
            #expect(RFC2822Date.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func encodesFormsLikeTwilioSDKs() {
        #expect(TwilioFormEncoding.encode([("To", "whatsapp:+447700900123"), ("Body", "a b&c=d/é~_.-")])
            == "To=whatsapp%3A%2B447700900123&Body=a+b%26c%3Dd%2F%C3%A9~_.-")
        #expect(TwilioFormEncoding.encode([("DateSent>", "2026-11-24")]) == "DateSent%3E=2026-11-24")
    }

    @Test func formEncodingRoundTripsThroughTheParser() throws {
        let pairs = [("Body", "Olá + 100% & more = fine\n👋"), ("Empty", ""), ("Body", "again")]
        let parsed = try TwilioForm.parse(TwilioFormEncoding.encode(pairs))
        #expect(parsed.map { [$0.name, $0.value] } == pairs.map { [$0.0, $0.1] })
    }

    @Test func masksPhoneNumbersInTwilioMessages() {
        #expect(TwilioError.maskingPhoneNumbers("The 'To' number +447700900123 is not valid") == "The 'To' number +44********23 is not valid")
        #expect(TwilioError.maskingPhoneNumbers("Invalid 'To' Phone Number: whatsapp:+15005550006") == "Invalid 'To' Phone Number: whatsapp:+15*******06")
        #expect(TwilioError.maskingPhoneNumbers("code 21211, 1600 characters, + sign") == "code 21211, 1600 characters, + sign")
    }

    @Test func descriptionsSayWhatToDo() {
        #expect(TwilioError.api(status: 400, code: 63016, message: "outside window", retryAfter: nil).description
            == "Twilio answered HTTP 400, code 63016: outside window (https://www.twilio.com/docs/errors/63016)")
        #expect(TwilioError.invalidBaseURL("x").description.contains("TWILIO_API_BASE_URL"))
        #expect(TwilioError.bodyTooLong(length: 1700, limit: 1600).description.contains("split"))
    }
}
