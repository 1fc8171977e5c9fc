import EmailKit

/// The JSON body of `POST /v3/mail/send` for one reply (the `PostMailSend` schema of
/// twilio/sendgrid-oai `tsg_mail_v3.json`): one personalization, `text/plain` then `text/html`
/// (the order SendGrid requires), threading and loop-prevention headers, the batch id as a
/// custom argument, click and open tracking off (a conversational reply should not have its
/// links rewritten or a tracking pixel added).
struct MailSendBody: Encodable {
    struct Address: Encodable {
        var email: String
        var name: String?
    }

    struct Personalization: Encodable {
        var to: [Address]
    }

    struct Content: Encodable {
        var type: String
        var value: String
    }

    struct Toggle: Encodable {
        var enable: Bool
    }

    struct ClickTracking: Encodable {
        var enable: Bool
        var enableText: Bool

        enum CodingKeys: String, CodingKey {
            case enable
            case enableText = "enable_text"
        }
    }

    struct TrackingSettings: Encodable {
        var clickTracking: ClickTracking
        var openTracking: Toggle

        enum CodingKeys: String, CodingKey {
            case clickTracking = "click_tracking"
            case openTracking = "open_tracking"
        }
    }

    var personalizations: [Personalization]
    var from: Address
    var replyTo: Address?
    var subject: String
    var content: [Content]
    var headers: [String: String]
    var customArgs: [String: String]
    var trackingSettings: TrackingSettings

    enum CodingKeys: String, CodingKey {
        case personalizations, from, subject, content, headers
        case replyTo = "reply_to"
        case customArgs = "custom_args"
        case trackingSettings = "tracking_settings"
    }

    /// The header carrying the batch id.
    static let batchIdHeader = "X-Replies-Batch-Id"
    static let batchIdArgument = "replies_batch_id"

    init(_ email: OutboundEmail) {
        personalizations = [Personalization(to: [Address(email: email.to.value)])]
        from = Address(email: email.from.value, name: email.fromName)
        replyTo = email.replyTo.flatMap { $0 == email.from ? nil : Address(email: $0.value) }
        subject = email.subject
        content = [Content(type: "text/plain", value: email.text), Content(type: "text/html", value: PlainTextHTML.render(email.text))]
        var headers = [
            // RFC 3834: we answer automatically; well-behaved auto-responders stay silent.
            "Auto-Submitted": "auto-replied",
            // Asks Exchange/Outlook not to send out-of-office or auto-replies to us.
            "X-Auto-Response-Suppress": "OOF, AutoReply",
            Self.batchIdHeader: email.batchId,
        ]
        if let threading = email.threading {
            headers["In-Reply-To"] = threading.inReplyTo
            headers["References"] = threading.references
        }
        self.headers = headers
        customArgs = [Self.batchIdArgument: email.batchId]
        trackingSettings = TrackingSettings(clickTracking: ClickTracking(enable: false, enableText: false), openTracking: Toggle(enable: false))
    }
}
