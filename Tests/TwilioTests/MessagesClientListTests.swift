import Foundation
import RepliesCore
import TestFakes
import Testing
import Twilio

@Suite struct MessagesClientListTests {
    /// Tue, 24 Nov 2026 10:02:31 +0000
    static let now = Date(timeIntervalSince1970: 1_795_514_551)
    static let user = "whatsapp:+447700900123"
    static let company = "whatsapp:+15005550006"

    @Test func filtersByPairAndTimeAndSendsTheDayFilter() async throws {
        try await Fixture.withFakeTwilio(now: { Self.now }) { twilio, client in
            await twilio.addMessage(to: Self.user, from: Self.company, body: "earlier today", dateCreated: Self.now - 7200)
            let recent = await twilio.addMessage(to: Self.user, from: Self.company, body: "just now", dateCreated: Self.now - 10)
            let atSince = await twilio.addMessage(to: Self.user, from: Self.company, body: "at since", dateCreated: Self.now - 60)
            await twilio.addMessage(to: Self.user, from: Self.company, body: "yesterday", dateCreated: Self.now - 86_400)
            await twilio.addMessage(to: "whatsapp:+447700900999", from: Self.company, body: "other user", dateCreated: Self.now - 5)
            await twilio.addMessage(to: Self.user, from: "whatsapp:+15005550007", body: "other company", dateCreated: Self.now - 5)
            await twilio.addMessage(to: "+447700900123", from: "+15005550006", body: "sms", dateCreated: Self.now - 5)

            let found = try await client.sentMessages(
                channel: .whatsapp, from: Fixture.company, to: Fixture.user, since: Self.now - 60, credentials: Fixture.credentials)
            #expect(found == [
                SentMessage(sid: recent.sid, body: "just now", dateCreated: Self.now - 10),
                SentMessage(sid: atSince.sid, body: "at since", dateCreated: Self.now - 60),
            ])

            let request = try #require(await twilio.requests().first)
            #expect(request.method == "GET")
            #expect(request.path == "/2010-04-01/Accounts/\(Fixture.accountSid)/Messages.json")
            #expect(request.query == "To=whatsapp%3A%2B447700900123&From=whatsapp%3A%2B15005550006&PageSize=50")
            #expect(request.authorization?.hasPrefix("Basic ") == true)
        }
    }

    @Test func listsSMSWithoutPrefix() async throws {
        try await Fixture.withFakeTwilio(now: { Self.now }) { twilio, client in
            let sms = await twilio.addMessage(to: "+447700900123", from: "+15005550006", body: "sms", dateCreated: Self.now)
            await twilio.addMessage(to: Self.user, from: Self.company, body: "whatsapp", dateCreated: Self.now)
            let found = try await client.sentMessages(
                channel: .sms, from: Fixture.company, to: Fixture.user, since: Self.now - 60, credentials: Fixture.credentials)
            #expect(found.map(\.sid) == [sms.sid])
        }
    }

    @Test func followsNextPageURIs() async throws {
        try await Fixture.withFakeTwilio(maxPageSize: 2, now: { Self.now }) { twilio, client in
            for index in 0..<5 {
                await twilio.addMessage(to: Self.user, from: Self.company, body: "part \(index)", dateCreated: Self.now - Double(index))
            }
            let found = try await client.sentMessages(
                channel: .whatsapp, from: Fixture.company, to: Fixture.user, since: Self.now - 60, credentials: Fixture.credentials)
            #expect(found.map(\.body) == (0..<5).map { "part \($0)" })
            let requests = await twilio.requests()
            #expect(requests.count == 3)
            #expect(requests.dropFirst().allSatisfy { $0.query?.contains("PageToken=") == true })
        }
    }

    @Test func readsAtMostFivePages() async throws {
        try await Fixture.withFakeTwilio(maxPageSize: 1, now: { Self.now }) { twilio, client in
            for index in 0..<7 {
                await twilio.addMessage(to: Self.user, from: Self.company, body: "part \(index)", dateCreated: Self.now - Double(index))
            }
            let found = try await client.sentMessages(
                channel: .whatsapp, from: Fixture.company, to: Fixture.user, since: Self.now - 60, credentials: Fixture.credentials)
            #expect(found.map(\.body) == (0..<5).map { "part \($0)" })
            #expect(await twilio.requests().count == 5)
        }
    }

    @Test func sentMessagesAreListed() async throws {
        try await Fixture.withFakeTwilio(now: { Self.now }) { _, client in
            let sent = try await client.send(Fixture.message("reconcile me"))
            let found = try await client.sentMessages(
                channel: .whatsapp, from: Fixture.company, to: Fixture.user, since: Self.now - 30, credentials: Fixture.credentials)
            #expect(found == [sent])
        }
    }

    @Test func listErrorsAreClassified() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            await twilio.failNext(status: 503, code: 20503, retryAfter: 2)
            await #expect(throws: TwilioError.api(status: 503, code: 20503, message: "Injected failure 20503", retryAfter: .seconds(2))) {
                try await client.sentMessages(channel: .whatsapp, from: Fixture.company, to: Fixture.user, since: Date(),
                                              credentials: Fixture.credentials)
            }
            let wrong = SenderCredentials(accountSid: Fixture.accountSid, authToken: "wrong-fake-token")
            await #expect(throws: TwilioError.api(status: 401, code: 20003, message: "Authenticate", retryAfter: nil)) {
                try await client.sentMessages(channel: .whatsapp, from: Fixture.company, to: Fixture.user, since: Date(), credentials: wrong)
            }
        }
    }
}
