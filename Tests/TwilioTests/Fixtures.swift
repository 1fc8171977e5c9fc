import AsyncHTTPClient
import Foundation
import RepliesCore
import TestFakes
import Twilio

/// Test numbers and credentials: Twilio's magic test numbers and obviously fake secrets.
enum Fixture {
    static let accountSid = "AC" + String(repeating: "0", count: 32)
    static let authToken = "fake-auth-token-not-a-secret"
    static let credentials = SenderCredentials(accountSid: accountSid, authToken: authToken)
    static let company = PhoneNumber(e164: "+15005550006")
    static let user = PhoneNumber(e164: "+447700900123")

    static func message(_ body: String = "Hello there!", channel: Channel = .whatsapp,
                        credentials: SenderCredentials = credentials) -> OutboundMessage {
        OutboundMessage(channel: channel, from: company, to: user, body: body, credentials: credentials)
    }

    /// Starts a fake Twilio, hands it and a client pointed at it to `body`, and stops it after.
    static func withFakeTwilio<T>(
        timeout: Duration = .seconds(5), maxPageSize: Int = 1000, now: @escaping @Sendable () -> Date = { Date() },
        _ body: (FakeTwilio, TwilioMessagesClient) async throws -> T
    ) async throws -> T {
        let twilio = try await FakeTwilio.start(accountSid: accountSid, authToken: authToken, maxPageSize: maxPageSize, now: now)
        let client = TwilioMessagesClient(httpClient: .shared, baseURL: twilio.baseURL, timeout: timeout)
        do {
            let result = try await body(twilio, client)
            try await twilio.stop()
            return result
        } catch {
            try? await twilio.stop()
            throw error
        }
    }
}
