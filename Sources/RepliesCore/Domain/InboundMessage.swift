/// A parsed inbound webhook: the typed fields the engine uses, plus every form field exactly as
/// sent (order, empty values and repeats kept), which the signature covers.
public struct InboundWebhook: Sendable {
    public var channel: Channel
    /// The public URL Twilio requested: `PUBLIC_BASE_URL` + path + query, as configured.
    public var url: String
    public var fields: [FormField]
    public var signature: String?
    public var message: InboundMessage

    public init(channel: Channel, url: String, fields: [FormField], signature: String?, message: InboundMessage) {
        self.channel = channel
        self.url = url
        self.fields = fields
        self.signature = signature
        self.message = message
    }
}

/// One `name=value` pair of a form body, percent-decoded.
public struct FormField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The typed view of Twilio's inbound message parameters.
public struct InboundMessage: Sendable, Hashable {
    public var from: String
    public var to: String
    public var body: String
    public var messageSid: String
    public var accountSid: String?
    public var media: [MediaItem]
    public var profileName: String?
    public var waId: String?
    public var buttonText: String?
    public var buttonPayload: String?

    public init(
        from: String, to: String, body: String, messageSid: String, accountSid: String? = nil,
        media: [MediaItem] = [], profileName: String? = nil, waId: String? = nil,
        buttonText: String? = nil, buttonPayload: String? = nil
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
    }
}
