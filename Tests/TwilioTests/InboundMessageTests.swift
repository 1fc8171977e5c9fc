import RepliesCore
import Testing
import Twilio

@Suite struct InboundMessageTests {
    /// The example body of original-system.md §2.2 (invented values).
    static let body = "SmsMessageSid=SM0f1e2d3c4b5a69788796a5b4c3d2e1f0&NumMedia=0&ProfileName=Sam&MessageType=text"
        + "&SmsSid=SM0f1e2d3c4b5a69788796a5b4c3d2e1f0&WaId=447700900123&SmsStatus=received&Body=Hi%2C+yes+1+June+works"
        + "&To=whatsapp%3A%2B447700900456&NumSegments=1&ReferralNumMedia=0&MessageSid=SM0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        + "&AccountSid=AC00000000000000000000000000000001&From=whatsapp%3A%2B447700900123&ApiVersion=2010-04-01"

    @Test func readsATextMessage() throws {
        let message = try InboundMessage(twilioFields: TwilioForm.parse(Self.body))
        #expect(message == InboundMessage(
            from: "whatsapp:+447700900123", to: "whatsapp:+447700900456", body: "Hi, yes 1 June works",
            messageSid: "SM0f1e2d3c4b5a69788796a5b4c3d2e1f0", accountSid: "AC00000000000000000000000000000001",
            media: [], profileName: "Sam", waId: "447700900123"))
    }

    @Test func mediaOnlyMessagesHaveAnEmptyBody() throws {
        let form = "MessageSid=MM00000000000000000000000000000002&AccountSid=AC00000000000000000000000000000001&From=whatsapp%3A%2B447700900123&To=whatsapp%3A%2B15005550006"
            + "&Body=&NumMedia=2&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm0&MediaContentType0=audio%2Fogg"
            + "&MediaUrl1=https%3A%2F%2Fapi.twilio.com%2Fm1&MediaContentType1=image%2Fjpeg"
        let message = try InboundMessage(twilioFields: TwilioForm.parse(form))
        #expect(message.body == "")
        #expect(message.media == [
            MediaItem(url: "https://api.twilio.com/m0", contentType: "audio/ogg"),
            MediaItem(url: "https://api.twilio.com/m1", contentType: "image/jpeg"),
        ])
    }

    @Test func absentBodyIsEmpty() throws {
        let message = try InboundMessage(twilioFields: [
            FormField("From", "+447700900123"), FormField("To", "+15005550006"), FormField("MessageSid", "SM" + String(repeating: "0", count: 31) + "1"), FormField("AccountSid", "AC" + String(repeating: "0", count: 32)),
        ])
        #expect(message.body == "")
        #expect(message.profileName == nil && message.media.isEmpty)
    }

    @Test func mediaWithoutNumMediaIsStillRead() throws {
        let message = try InboundMessage(twilioFields: [
            FormField("From", "+447700900123"), FormField("To", "+15005550006"), FormField("MessageSid", "MM" + String(repeating: "0", count: 31) + "1"), FormField("AccountSid", "AC" + String(repeating: "0", count: 32)),
            FormField("MediaUrl0", "https://api.twilio.com/m0"),
        ])
        #expect(message.media == [MediaItem(url: "https://api.twilio.com/m0", contentType: "application/octet-stream")])
    }

    @Test func numMediaIsCappedAndGapsSkipped() throws {
        var fields = [FormField("From", "+447700900123"), FormField("To", "+15005550006"), FormField("MessageSid", "MM" + String(repeating: "0", count: 31) + "1"), FormField("AccountSid", "AC" + String(repeating: "0", count: 32)),
                      FormField("NumMedia", "999")]
        fields += (0..<12).filter { $0 != 1 }.map { FormField("MediaUrl\($0)", "https://api.twilio.com/m\($0)") }
        let message = try InboundMessage(twilioFields: fields)
        #expect(message.media.map(\.url) == [0, 2, 3, 4, 5, 6, 7, 8, 9].map { "https://api.twilio.com/m\($0)" })
    }

    @Test func buttonsAreRead() throws {
        let message = try InboundMessage(twilioFields: [
            FormField("From", "whatsapp:+447700900123"),
            FormField("To", "whatsapp:+15005550006"), FormField("MessageSid", "SM" + String(repeating: "0", count: 31) + "1"), FormField("AccountSid", "AC" + String(repeating: "0", count: 32)),
            FormField("ButtonText", "Yes please"), FormField("ButtonPayload", "confirm-1"), FormField("ProfileName", ""),
        ])
        #expect(message.from == "whatsapp:+447700900123")
        #expect(message.buttonText == "Yes please" && message.buttonPayload == "confirm-1")
        #expect(message.profileName == nil)
    }

    @Test(arguments: ["From", "To", "MessageSid", "AccountSid"])
    func missingRequiredFieldIsNamed(name: String) {
        let complete = [FormField("From", "+447700900123"), FormField("To", "+15005550006"), FormField("MessageSid", "SM" + String(repeating: "0", count: 31) + "1"), FormField("AccountSid", "AC" + String(repeating: "0", count: 32))]
        #expect(throws: TwilioFormError.missingField(name)) {
            try InboundMessage(twilioFields: complete.filter { $0.name != name })
        }
        #expect(throws: TwilioFormError.missingField(name)) {
            try InboundMessage(twilioFields: complete.map { $0.name == name ? FormField(name, "") : $0 })
        }
    }
}
