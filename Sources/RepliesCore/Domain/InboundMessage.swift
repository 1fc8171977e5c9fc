/// A parsed inbound webhook: the typed fields the engine uses, plus every form field exactly as
/// sent (order, empty values and repeats kept), which the signature covers.
package struct InboundWebhook: Sendable {
    package var channel: Channel
    /// The public URL Twilio requested: `PUBLIC_BASE_URL` + path + query, as configured.
    package var url: String
    package var fields: [FormField]
    package var signature: String?
    package var message: InboundMessage

    package init(channel: Channel, url: String, fields: [FormField], signature: String?, message: InboundMessage) {
        self.channel = channel
        self.url = url
        self.fields = fields
        self.signature = signature
        self.message = message
    }
}

/// One `name=value` pair of a form body, percent-decoded.
package struct FormField: Sendable, Hashable {
    package var name: String
    package var value: String

    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The typed view of Twilio's inbound message parameters.
package struct InboundMessage: Sendable, Hashable {
    package var from: String
    package var to: String
    package var body: String
    package var messageSid: String
    package var accountSid: String?
    package var media: [MediaItem]
    package var profileName: String?
    package var waId: String?
    package var buttonText: String?
    package var buttonPayload: String?
    /// A shared location (`Latitude`, `Longitude`, `Address`, `Label`).
    package var location: SharedLocation?
    /// WhatsApp's business-scoped user ID as Twilio sends it (`ExternalUserId`,
    /// e.g. `whatsapp:US.13491208655302741918`); `From` carries it too when the user hides the number.
    package var externalUserId: String?

    package init(
        from: String, to: String, body: String, messageSid: String, accountSid: String? = nil,
        media: [MediaItem] = [], profileName: String? = nil, waId: String? = nil,
        buttonText: String? = nil, buttonPayload: String? = nil, location: SharedLocation? = nil,
        externalUserId: String? = nil
    ) {
        self.from = from
        self.to = to
        self.body = body
        self.messageSid = messageSid
        self.accountSid = accountSid
        self.media = media
        self.profileName = profileName
        self.waId = waId
        self.buttonText = buttonText
        self.buttonPayload = buttonPayload
        self.location = location
        self.externalUserId = externalUserId
    }
}
