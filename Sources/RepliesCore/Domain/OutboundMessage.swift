package import Foundation

/// One message to send through the provider.
package struct OutboundMessage: Sendable, Hashable {
    package var channel: Channel
    /// The company's number (sender).
    package var from: PhoneNumber
    /// The user's number (recipient).
    package var to: PhoneNumber
    package var body: String
    package var credentials: SenderCredentials
    /// A content template sent instead of ``body`` (WhatsApp outside the 24-hour window):
    /// Twilio's `ContentSid` and `ContentVariables`, with no `Body`.
    package var template: ContentTemplate?
    /// Twilio's `StatusCallback`: where Twilio posts this message's status changes
    /// (``StatusCallbackTarget/url(base:)``); nil without `PUBLIC_BASE_URL`.
    package var statusCallback: String?

    package init(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, body: String, credentials: SenderCredentials, template: ContentTemplate? = nil,
        statusCallback: String? = nil
    ) {
        self.statusCallback = statusCallback
        self.channel = channel
        self.from = from
        self.to = to
        self.body = body
        self.credentials = credentials
        self.template = template
    }
}

/// A provider content template (Twilio `HX…` Content SID) and the values of its placeholders.
package struct ContentTemplate: Sendable, Hashable {
    package var sid: String
    package var variables: [String: String]

    package init(sid: String, variables: [String: String]) {
        self.sid = sid
        self.variables = variables
    }
}

/// A provider error that carries the provider's own code (Twilio's 63016, 21211, …).
package protocol ProviderErrorCoded {
    var providerCode: Int? { get }
}

/// Twilio account credentials, read from the tenant's secret
/// `{twilio_account_sid, twilio_auth_token}`.
package struct SenderCredentials: Sendable, Hashable {
    package var accountSid: String
    package var authToken: String

    package init(accountSid: String, authToken: String) {
        self.accountSid = accountSid
        self.authToken = authToken
    }
}

/// A message the provider accepted.
package struct SentMessage: Sendable, Hashable {
    package var sid: String
    package var body: String
    package var dateCreated: Date?

    package init(sid: String, body: String, dateCreated: Date? = nil) {
        self.sid = sid
        self.body = body
        self.dateCreated = dateCreated
    }
}
