package import Foundation

/// Sends messages through the provider (Twilio), and lists recent ones for reconciliation.
package protocol MessageSender: Sendable {
    /// Sends one message of at most ``maxBodyLength`` characters.
    func send(_ message: OutboundMessage) async throws -> SentMessage

    /// Messages sent from `from` to `to` on `channel` since `since`, for deciding after a crash
    /// whether a pending reply already went out.
    func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage]
}

extension MessageSender {
    /// Twilio's body limit for WhatsApp and SMS.
    package static var maxBodyLength: Int { 1600 }
}
