import AsyncHTTPClient
import Foundation
import RepliesCore
import TestFakes
import Testing
import Twilio

@Suite struct TypingIndicatorClientTests {
    @Test func postsChannelAndMessageIdWithBasicAuth() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let indicator = TwilioTypingIndicator(httpClient: .shared, baseURL: twilio.baseURL)
            let sid = "SM" + String(repeating: "b", count: 32)
            try await indicator.showTyping(replyingTo: sid, credentials: Fixture.credentials)
            #expect(await twilio.typingIndicators() == [sid])
            let request = try #require(await twilio.requests().last)
            #expect(request.path == "/v2/Indicators/Typing.json")
            #expect(request.body == "messageId=\(sid)&channel=whatsapp")
            #expect(request.contentType == "application/x-www-form-urlencoded")
        }
    }

    /// The fake refuses what Twilio refuses, so the test above can fail.
    @Test func refusedWithoutValidCredentialsOrMessageId() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let indicator = TwilioTypingIndicator(httpClient: .shared, baseURL: twilio.baseURL)
            let wrong = SenderCredentials(accountSid: Fixture.accountSid, authToken: "wrong")
            await #expect(throws: TwilioError.self) {
                try await indicator.showTyping(replyingTo: "SM" + String(repeating: "b", count: 32), credentials: wrong)
            }
            await #expect(throws: TwilioError.self) {
                try await indicator.showTyping(replyingTo: "not-a-sid", credentials: Fixture.credentials)
            }
            #expect(await twilio.typingIndicators().isEmpty)
        }
    }
}
