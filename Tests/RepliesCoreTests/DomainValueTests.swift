import Foundation
import RepliesCore
import Testing

@Suite("Domain values")
struct DomainValueTests {
    // MARK: BatchId

    @Test func batchIdIsStableAndOrderIndependent() {
        let sids = [Fixture.sid(2), Fixture.sid(1)]
        // 64-bit FNV-1a of "SM…1,SM…2": fixed forever, since ids outlive deployments.
        #expect(BatchId.of(sids) == "4413770947db5bf4")
        #expect(BatchId.of(sids.reversed()) == BatchId.of(sids))
        #expect(BatchId.of(["SM0f1e2d3c4b5a69788796a5b4c3d2e1f0"]) == "9b4583d74f95bfad")
        #expect(BatchId.of([]) == "cbf29ce484222325")
    }

    @Test func batchIdDiffersForDifferentBatches() {
        let ids = Set([
            BatchId.of([Fixture.sid(1)]), BatchId.of([Fixture.sid(2)]), BatchId.of([Fixture.sid(1), Fixture.sid(2)]),
            BatchId.of([Fixture.sid(1), Fixture.sid(2), Fixture.sid(3)]),
        ])
        #expect(ids.count == 4)
        for id in ids { #expect(id.count == 16 && id.allSatisfy(\.isHexDigit)) }
    }

    // MARK: PhoneNumber

    @Test(arguments: [
        ("whatsapp:+447700900123", "+447700900123"),
        ("+447700900123", "+447700900123"),
        ("  whatsapp:+15005550006 \n", "+15005550006"),
        ("sms:+15005550006", "+15005550006"),
        ("whatsapp: +15005550006", "+15005550006"),
    ])
    func phoneNumberStripsTheChannelPrefix(address: String, value: String) throws {
        #expect(try #require(PhoneNumber(address: address)).value == value)
    }

    @Test(arguments: ["", "   ", "whatsapp:", "whatsapp:  "])
    func phoneNumberRejectsEmptyAddresses(address: String) {
        #expect(PhoneNumber(address: address) == nil)
    }

    @Test func phoneNumberMaskKeepsCountryCodeAndLastTwoDigits() throws {
        let number = try #require(PhoneNumber(address: "whatsapp:+447700900123"))
        #expect(number.masked == "+44********23")
        #expect(number.description == number.masked)
        #expect(!"\(number)".contains("7700900"))
        #expect(PhoneNumber.mask("+15005550006") == "+15*******06")
        #expect(PhoneNumber.mask("12345") == "*****")
        #expect(PhoneNumber.mask("") == "")
        #expect(ConversationKey(primaryChannel: Fixture.user, conversationId: "c1").description == "+44********23/c1")
    }

    // MARK: Trigger

    @Test func triggerBodyRoundTripsInTheOriginalWireShape() throws {
        let trigger = Fixture.trigger
        let body = trigger.encodedBody()
        #expect(body == #"{"conversation_id":"ci-bbb-002#pi-bbb-002#3f6c2a1e-8d4b-4c7e-9a51-2b7d9e0c4f11#447700900456","primary_channel":"+447700900123"}"#)
        #expect(Trigger(body: body) == trigger)
        #expect(trigger.key == Fixture.key)
        // The original's json.dumps spacing parses too.
        let python = #"{"conversation_id": "c#1", "primary_channel": "+447700900123"}"#
        #expect(Trigger(body: python) == Trigger(conversationId: "c#1", primaryChannel: "+447700900123"))
    }

    @Test(arguments: [
        "", "not json", "{}", "[]", "null", #"{"conversation_id": "c1"}"#, #"{"primary_channel": "+447700900123"}"#,
        #"{"conversation_id": "", "primary_channel": "+447700900123"}"#, #"{"conversation_id": "c1", "primary_channel": ""}"#,
        #"{"conversation_id": 7, "primary_channel": "+447700900123"}"#, #"{"conversation_id": null, "primary_channel": "+1"}"#,
        "{\"conversation_id\": \"c1\", \"primary_channel\": \"+1\"",
    ])
    func malformedTriggerBodiesAreRejected(body: String) {
        #expect(Trigger(body: body) == nil)
    }

    // MARK: Channel

    @Test func channelNamesMatchTheDataContract() {
        #expect(Channel(path: "/whatsapp") == .whatsapp)
        #expect(Channel(path: "sms") == .sms)
        #expect(Channel(path: "/email") == .email)
        #expect(Channel(path: "/fax") == nil)
        #expect(Channel.email.lookupIndex == "company-email-recipient-email-index")
        #expect(Channel.email.companyNumberIndexAttribute == "gsi_company_email")
        #expect(Channel.email.userIndexAttribute == "gsi_recipient_email")
        #expect(Channel.email.companyNumberConfigKey == "company_email")
        #expect(Channel.email.credentialsConfigKey == "email_credentials_id")
        #expect(Channel.sms.userIndexAttribute == "gsi_recipient_tel")
        #expect(Channel.whatsapp.lookupIndex == "company-whatsapp-number-recipient-tel-index")
        #expect(Channel.sms.lookupIndex == "company-sms-number-recipient-tel-index")
        #expect(Channel.whatsapp.companyNumberIndexAttribute == "gsi_company_whatsapp_number")
        #expect(Channel.whatsapp.credentialsConfigKey == "whatsapp_credentials_id")
        #expect(Channel.sms.companyNumberConfigKey == "company_sms_number")
        #expect(Channel.whatsapp.address(PhoneNumber(e164: Fixture.user)) == "whatsapp:+447700900123")
        #expect(Channel.sms.address(PhoneNumber(e164: Fixture.user)) == "+447700900123")
    }

    // MARK: EngineSettings.retryDelay

    @Test func retryDelayDoublesFromTheBaseUpToTheCap() {
        let settings = EngineSettings()
        #expect(settings.retryDelay(attempt: 1) == .seconds(5))
        #expect(settings.retryDelay(attempt: 2) == .seconds(10))
        #expect(settings.retryDelay(attempt: 3) == .seconds(20))
        #expect(settings.retryDelay(attempt: 6) == .seconds(160))
        #expect(settings.retryDelay(attempt: 7) == .seconds(300))
        #expect(settings.retryDelay(attempt: 1_000) == .seconds(300))
        #expect(settings.retryDelay(attempt: 0) == .seconds(5))
        #expect(settings.retryDelay(attempt: -3) == .seconds(5))
    }

    @Test func retryDelayHonoursASuggestionWithinBounds() {
        let settings = EngineSettings()
        #expect(settings.retryDelay(attempt: 1, suggested: .seconds(42)) == .seconds(42))
        #expect(settings.retryDelay(attempt: 4, suggested: .milliseconds(10)) == .seconds(1))
        #expect(settings.retryDelay(attempt: 1, suggested: .seconds(3_600)) == .seconds(300))
    }

    @Test func durationHelpers() {
        #expect(Duration.seconds(90).timeInterval == 90)
        #expect(Duration.milliseconds(1_500).timeInterval == 1.5)
        #expect(Duration.interval(1.2341) == .milliseconds(1_235))
        #expect(Duration.interval(-4) == .zero)
        let start = Date(timeIntervalSince1970: 1_000)
        #expect(start.adding(.seconds(10)) == Date(timeIntervalSince1970: 1_010))
    }
}
