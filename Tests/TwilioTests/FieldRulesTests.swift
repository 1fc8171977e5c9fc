import RepliesCore
import TestFakes
import Testing
import Twilio

/// Issue 13 point 6: Twilio's signature joins names and values without separators, so the
/// engine insists on the documented formats and on parameters Twilio sends once.
@Suite struct FieldRulesTests {
    static let url = "https://hooks.example.test/whatsapp"
    static let token = "field-rules-test-token"
    static let sid = "SM0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    static let account = "AC00000000000000000000000000000001"

    static var captured: [FormField] {
        SimulatedWebhook(channel: .whatsapp, from: "+447700900123", to: "+447700900456", body: "Hi", messageSid: sid, accountSid: account).fields
    }

    /// `MessageSid=SM…` + the next field re-cut as one `MessageSid` (`SM…MessageTypetext` on
    /// WhatsApp, `SM…NumMedia0` on SMS): still a valid signature (Twilio's algorithm cannot tell),
    /// but no longer a valid Twilio webhook.
    @Test(arguments: [Channel.whatsapp, .sms])
    func aRecutWebhookKeepsItsSignatureButIsRefused(channel: Channel) throws {
        let captured = SimulatedWebhook(channel: channel, from: "+447700900123", to: "+447700900456", body: "Hi", messageSid: Self.sid, accountSid: Self.account).fields
        let signature = TwilioSignature.compute(url: Self.url, fields: captured, authToken: Self.token)
        let recut = SignatureRecut.absorbNext(into: "MessageSid", of: captured)
        #expect(recut.first { $0.name == "MessageSid" }?.value != Self.sid)
        #expect(TwilioSignature().isValid(url: Self.url, fields: recut, signature: signature, authToken: Self.token))
        #expect(throws: TwilioFormError.malformedField("MessageSid", expected: "SM or MM followed by 32 hexadecimal digits")) {
            try InboundMessage(twilioFields: recut)
        }
        #expect(try InboundMessage(twilioFields: captured).messageSid == Self.sid)
    }

    @Test(arguments: ["SM1", "SMxyz", "XX0f1e2d3c4b5a69788796a5b4c3d2e1f0", "SM0f1e2d3c4b5a69788796a5b4c3d2e1f00", "SM0f1e2d3c4b5a69788796a5b4c3d2e1g0"])
    func malformedMessageSidsAreRefused(sid: String) {
        let fields = Self.captured.map { $0.name == "MessageSid" ? FormField("MessageSid", sid) : $0 }
        #expect(throws: TwilioFormError.self) { try InboundMessage(twilioFields: fields) }
    }

    @Test func mediaMessageSidsUseMM() throws {
        let media = "MM0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        let fields = Self.captured.map { ["MessageSid", "SmsSid", "SmsMessageSid"].contains($0.name) ? FormField($0.name, media) : $0 }
        #expect(try InboundMessage(twilioFields: fields).messageSid == media)
    }

    @Test(arguments: [nil, "", "AC1", "AB00000000000000000000000000000001"])
    func accountSidMustBePresentAndWellFormed(account: String?) {
        var fields = Self.captured.filter { $0.name != "AccountSid" }
        if let account { fields.append(FormField("AccountSid", account)) }
        #expect(throws: TwilioFormError.self) { try InboundMessage(twilioFields: fields) }
    }

    @Test(arguments: ["MessageSid", "From", "To", "Body", "AccountSid", "NumMedia"])
    func repeatedSingletonsAreRefused(name: String) {
        let fields = Self.captured + [Self.captured.first { $0.name == name }].compactMap { $0 }
        #expect(throws: TwilioFormError.repeatedField(name)) { try InboundMessage(twilioFields: fields) }
    }

    @Test func repeatedMediaIndexesAreRefusedButOtherRepeatsAreKept() throws {
        let media = [FormField("MediaUrl0", "https://api.twilio.com/m0"), FormField("MediaUrl0", "https://example.test/other")]
        #expect(throws: TwilioFormError.repeatedField("MediaUrl0")) { try InboundMessage(twilioFields: Self.captured + media) }
        // A parameter the engine does not read may repeat (Twilio adds parameters without notice).
        let extra = [FormField("ChannelMetadata", "{}"), FormField("ChannelMetadata", "{}")]
        #expect(try InboundMessage(twilioFields: Self.captured + extra).messageSid == Self.sid)
    }

    @Test(arguments: ["0NumSegments1", "-1", "1000"])
    func countsAreSmallNumbers(value: String) {
        let fields = Self.captured.map { $0.name == "NumMedia" ? FormField("NumMedia", value) : $0 }
        #expect(throws: TwilioFormError.self) { try InboundMessage(twilioFields: fields) }
    }
}
