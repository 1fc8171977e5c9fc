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

    package init(channel: Channel, from: PhoneNumber, to: PhoneNumber, body: String, credentials: SenderCredentials) {
        self.channel = channel
        self.from = from
        self.to = to
        self.body = body
        self.credentials = credentials
    }
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
