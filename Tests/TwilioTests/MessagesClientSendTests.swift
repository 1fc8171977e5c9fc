import Foundation
import RepliesCore
import TestFakes
import Testing
import Twilio
import AsyncHTTPClient

@Suite struct MessagesClientSendTests {
    @Test func sendsAWhatsAppMessage() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            let sent = try await client.send(Fixture.message("Hi Sam, 1 June works & costs £5 + tax 👍"))

            let requests = await twilio.requests()
            let request = try #require(requests.first)
            #expect(requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/2010-04-01/Accounts/\(Fixture.accountSid)/Messages.json")
            #expect(request.query == nil)
            let basic = Data("\(Fixture.accountSid):\(Fixture.authToken)".utf8).base64EncodedString()
            #expect(request.authorization == "Basic \(basic)")
            #expect(request.contentType == "application/x-www-form-urlencoded")
            #expect(request.body == "To=whatsapp%3A%2B447700900123&From=whatsapp%3A%2B15005550006"
                + "&Body=Hi+Sam%2C+1+June+works+%26+costs+%C2%A35+%2B+tax+%F0%9F%91%8D")

            let recorded = try #require(await twilio.sentMessages().first)
            #expect(recorded.to == "whatsapp:+447700900123" && recorded.from == "whatsapp:+15005550006")
            #expect(recorded.body == "Hi Sam, 1 June works & costs £5 + tax 👍")
            #expect(sent.sid == recorded.sid)
            #expect(sent.sid.hasPrefix("SM") && sent.sid.count == 34)
            #expect(sent.body == recorded.body)
            // RFC 2822 has whole seconds.
            let created = try #require(sent.dateCreated)
            #expect(abs(created.timeIntervalSince(recorded.dateCreated)) < 1)
        }
    }

    @Test func sendsAnSMSWithoutPrefix() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            _ = try await client.send(Fixture.message("Plain text", channel: .sms))
            let request = try #require(await twilio.requests().first)
            #expect(request.body == "To=%2B447700900123&From=%2B15005550006&Body=Plain+text")
            #expect(await twilio.sentMessages().map(\.to) == ["+447700900123"])
        }
    }

    @Test func parsesTheCreatedDate() async throws {
        let fixed = Date(timeIntervalSince1970: 1_795_514_551)  // Tue, 24 Nov 2026 10:02:31 +0000
        try await Fixture.withFakeTwilio(now: { fixed }) { _, client in
            let sent = try await client.send(Fixture.message())
            #expect(sent.dateCreated == fixed)
        }
    }

    @Test func acceptsExactly1600UTF16Units() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            let body = String(repeating: "a", count: 1598) + "👍"  // 1598 + 2 UTF-16 units
            _ = try await client.send(Fixture.message(body))
            #expect(await twilio.sentMessages().count == 1)
        }
    }

    @Test func refusesLongBodiesWithoutARequest() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            let body = String(repeating: "a", count: 1599) + "👍"  // 1601 UTF-16 units, 1600 characters
            await #expect(throws: TwilioError.bodyTooLong(length: 1601, limit: 1600)) { try await client.send(Fixture.message(body)) }
            #expect(await twilio.requests().isEmpty)
            #expect(RetryDisposition.of(TwilioError.bodyTooLong(length: 1601, limit: 1600)) == .permanent)
        }
    }

    @Test func refusesAnAccountSidThatWouldChangeThePath() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            let credentials = SenderCredentials(accountSid: "AC000/../../x", authToken: Fixture.authToken)
            await #expect(throws: TwilioError.invalidAccountSid) { try await client.send(Fixture.message(credentials: credentials)) }
            #expect(await twilio.requests().isEmpty)
        }
    }

    @Test func worksWithABaseURLWithTrailingSlash() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let client = TwilioMessagesClient(httpClient: .shared, baseURL: twilio.baseURL + "/")
            _ = try await client.send(Fixture.message())
            #expect(await twilio.requests().first?.path == "/2010-04-01/Accounts/\(Fixture.accountSid)/Messages.json")
        }
    }
}
