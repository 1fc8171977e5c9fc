package import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
import NIOHTTP1
package import RepliesCore

/// Twilio's WhatsApp typing indicator (public beta): `POST {messaging}/v2/Indicators/Typing.json`
/// with `channel=whatsapp` and `messageId` (the inbound `SM…`/`MM…`), Basic auth. Showing it also
/// marks the message read. Best effort: the caller bounds and ignores failures.
package struct TwilioTypingIndicator: TypingIndicator {
    package static let defaultBaseURL = "https://messaging.twilio.com"

    let client: TwilioMessagesClient
    let baseURL: String

    /// - Parameter baseURL: `TWILIO_MESSAGING_BASE_URL` (messaging.twilio.com, not the API host).
    package init(httpClient: @escaping @autoclosure @Sendable () -> HTTPClient, baseURL: String = TwilioTypingIndicator.defaultBaseURL, timeout: Duration = .seconds(3),
                 logger: Logger = Logger(label: "replies.twilio.typing")) {
        self.client = TwilioMessagesClient(httpClient: httpClient(), baseURL: baseURL, timeout: timeout, logger: logger)
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    package func showTyping(replyingTo messageSid: String, credentials: SenderCredentials) async throws {
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else { throw TwilioError.invalidBaseURL(baseURL) }
        var request = HTTPClientRequest(url: "\(baseURL)/v2/Indicators/Typing.json")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: TwilioFormEncoding.encode([("messageId", messageSid), ("channel", "whatsapp")])))
        let _: TypingIndicatorResult = try await client.perform(request, credentials: credentials)
    }
}

/// The indicator's answer: `{"success": true}`.
struct TypingIndicatorResult: Decodable {
    var success: Bool?
}
