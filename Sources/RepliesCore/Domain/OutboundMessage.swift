import Foundation

/// One message to send through the provider.
public struct OutboundMessage: Sendable, Hashable {
    public var channel: Channel
    /// The company's number (sender).
    public var from: PhoneNumber
    /// The user's number (recipient).
    public var to: PhoneNumber
    public var body: String
    public var credentials: SenderCredentials

    public init(channel: Channel, from: PhoneNumber, to: PhoneNumber, body: String, credentials: SenderCredentials) {
        self.channel = channel
        self.from = from
        self.to = to
        self.body = body
        self.credentials = credentials
    }
}

/// Twilio account credentials, read from the tenant's secret
/// `{twilio_account_sid, twilio_auth_token}`.
public struct SenderCredentials: Sendable, Hashable {
    public var accountSid: String
    public var authToken: String

    public init(accountSid: String, authToken: String) {
        self.accountSid = accountSid
        self.authToken = authToken
    }
}

/// A message the provider accepted.
public struct SentMessage: Sendable, Hashable {
    public var sid: String
    public var body: String
    public var dateCreated: Date?

    public init(sid: String, body: String, dateCreated: Date? = nil) {
        self.sid = sid
        self.body = body
        self.dateCreated = dateCreated
    }
}
