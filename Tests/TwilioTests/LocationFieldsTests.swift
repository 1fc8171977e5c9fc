import RepliesCore
import TestFakes
import Testing
import Twilio

/// What Twilio posts for a shared WhatsApp location (`Latitude`, `Longitude`, `Address`, `Label`,
/// `MessageType=location`, an empty `Body`) and for a user behind a username (`ExternalUserId`,
/// and `From` holding the business-scoped ID): read into the message, and bounded.
@Suite struct LocationFieldsTests {
    static let sid = "SM0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    static let account = "AC00000000000000000000000000000001"

    static func fields(location: SharedLocation? = nil, from: String = "+447700900123", externalUserId: String? = nil) -> [FormField] {
        var hook = SimulatedWebhook(channel: .whatsapp, from: from, to: "+447700900456", body: "", messageSid: sid, accountSid: account)
        hook.location = location
        hook.externalUserId = externalUserId
        return hook.fields
    }

    static func replacing(_ name: String, with value: String, in fields: [FormField]) -> [FormField] {
        fields.map { $0.name == name ? FormField(name, value) : $0 }
    }

    @Test func aSharedPlaceIsReadWithItsNameAndAddress() throws {
        let place = SharedLocation(latitude: 52.3731, longitude: 4.8926, address: "Dam, 1012 JS Amsterdam", label: "Dam Square")
        let fields = Self.fields(location: place)
        #expect(fields.contains(FormField("MessageType", "location")))
        let message = try InboundMessage(twilioFields: fields)
        #expect(message.location == place)
        #expect(message.body.isEmpty)
        #expect(message.media.isEmpty)
    }

    @Test func aDroppedPinHasCoordinatesOnly() throws {
        let fields: [FormField] = Self.fields() + [FormField("Latitude", "-33.8568"), FormField("Longitude", "151.2153"), FormField("Address", "")]
        #expect(try InboundMessage(twilioFields: fields).location == SharedLocation(latitude: -33.8568, longitude: 151.2153))
    }

    @Test(arguments: ["abc", "1e5", "nan", "inf", "91", "-90.5", "52,37", "", " 52.3", "0x10", "52.", ".5", String(repeating: "1", count: 40)])
    func aLatitudeThatIsNotADecimalInRangeIsRefused(latitude: String) {
        let fields = Self.fields() + [FormField("Latitude", latitude), FormField("Longitude", "4.89")]
        #expect(throws: TwilioFormError.self) { try InboundMessage(twilioFields: fields) }
    }

    @Test func coordinatesComeTogetherAndLongitudeStaysInRange() {
        #expect(throws: TwilioFormError.malformedField("Longitude", expected: "Latitude and Longitude sent together")) {
            try InboundMessage(twilioFields: Self.fields() + [FormField("Latitude", "52.37")])
        }
        #expect(throws: TwilioFormError.self) {
            try InboundMessage(twilioFields: Self.fields() + [FormField("Latitude", "52.37"), FormField("Longitude", "180.01")])
        }
        #expect(throws: TwilioFormError.repeatedField("Latitude")) {
            try InboundMessage(twilioFields: Self.fields() + [FormField("Latitude", "52.37"), FormField("Longitude", "4.8"), FormField("Latitude", "1")])
        }
    }

    @Test func placeTextsAndAddressesAreBounded() throws {
        let place = SharedLocation(latitude: 1, longitude: 2, address: String(repeating: "a", count: 1_000), label: "L")
        #expect(try InboundMessage(twilioFields: Self.fields(location: place)).location?.address?.count == 1_000)
        var long = place
        long.label = String(repeating: "b", count: 1_001)
        #expect(throws: TwilioFormError.malformedField("Label", expected: "at most 1000 characters")) {
            try InboundMessage(twilioFields: Self.fields(location: long))
        }
        let hugeFrom = Self.replacing("From", with: "whatsapp:" + String(repeating: "9", count: 300), in: Self.fields())
        #expect(throws: TwilioFormError.malformedField("From", expected: "at most 256 characters")) {
            try InboundMessage(twilioFields: hugeFrom)
        }
    }

    @Test func aUsernameUserIsReadWithTheBusinessScopedId() throws {
        let fields = Self.fields(from: "BR.1502576394655843", externalUserId: "BR.1502576394655843")
        #expect(!fields.contains { $0.name == "WaId" })
        let message = try InboundMessage(twilioFields: fields)
        #expect(message.from == "whatsapp:BR.1502576394655843")
        #expect(message.externalUserId == "whatsapp:BR.1502576394655843")
        #expect(message.waId == nil)
        #expect(throws: TwilioFormError.repeatedField("ExternalUserId")) {
            try InboundMessage(twilioFields: fields + [FormField("ExternalUserId", "whatsapp:US.1")])
        }
    }
}
