import Foundation
import RepliesCore
import TestFakes
import Testing
import Twilio

/// `StatusCallback` on every send: encoded as Twilio's create parameter, checked by the fake
/// like Twilio does (valid hostname, no underscores).
@Suite struct StatusCallbackSendTests {
    @Test func sendsTheStatusCallbackURL() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            var message = Fixture.message("Hello")
            let url = StatusCallbackTarget(key: ConversationKey(primaryChannel: "+447700900123", conversationId: "c#1/x"), sender: .ai)
                .url(base: "https://hooks.example.com/twilio/status")
            #expect(url == "https://hooks.example.com/twilio/status?primary_channel=%2B447700900123&conversation_id=c%231%2Fx&sender=ai")
            message.statusCallback = url
            _ = try await client.send(message)
            let request = try #require(await twilio.requests().first)
            #expect(request.body.hasSuffix("&StatusCallback=https%3A%2F%2Fhooks.example.com%2Ftwilio%2Fstatus%3Fprimary_channel%3D%252B447700900123%26conversation_id%3Dc%25231%252Fx%26sender%3Dai"))
            #expect(await twilio.sentMessages().first?.statusCallback == url)
        }
    }

    @Test func theFakeRefusesACallbackURLTwilioRefuses() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            var message = Fixture.message("Hello")
            message.statusCallback = "https://bad_host.example.com/twilio/status"
            await #expect(throws: TwilioError.self) { _ = try await client.send(message) }
            message.statusCallback = "/twilio/status"
            await #expect(throws: TwilioError.self) { _ = try await client.send(message) }
            #expect(await twilio.sentMessages().isEmpty)
        }
    }

    @Test func withoutACallbackNoneIsSent() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            _ = try await client.send(Fixture.message("Hello"))
            #expect(await twilio.requests().first?.body.contains("StatusCallback") == false)
            #expect(await twilio.sentMessages().first?.statusCallback == nil)
        }
    }
}
