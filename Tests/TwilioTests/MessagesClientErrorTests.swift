import AsyncHTTPClient
import Foundation
import RepliesCore
import TestFakes
import Testing
import Twilio

@Suite struct MessagesClientErrorTests {
    /// Runs a send expected to fail and returns the ``TwilioError``.
    private func failure(_ client: TwilioMessagesClient, _ message: OutboundMessage = Fixture.message()) async throws -> TwilioError {
        do {
            let sent = try await client.send(message)
            Issue.record("expected a failure, got \(sent.sid)")
            throw CancellationError()
        } catch let error as TwilioError {
            #expect(!error.description.contains(Fixture.authToken))
            return error
        }
    }

    @Test func invalidToIsPermanentAndMasksTheNumber() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            let message = OutboundMessage(channel: .whatsapp, from: Fixture.company, to: PhoneNumber(e164: "+0447700900123"),
                                          body: "Hi", credentials: Fixture.credentials)
            let error = try await failure(client, message)
            #expect(error.twilioCode == 21211)
            #expect(RetryDisposition.of(error) == .permanent)
            #expect(error.description.contains("21211") && error.description.contains("Invalid 'To' Phone Number"))
            #expect(!error.description.contains("0447700900123"))
            #expect(await twilio.sentMessages().isEmpty)
        }
    }

    @Test func outsideTheWhatsAppWindowIsPermanent() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            await twilio.failNext(status: 400, code: 63016, message: "Failed to send freeform message because you are outside the allowed window.")
            let error = try await failure(client)
            guard case .api(400, 63016, let text?, nil) = error else { Issue.record("unexpected \(error)"); return }
            #expect(text.contains("outside the allowed window"))
            #expect(RetryDisposition.of(error) == .permanent)
            #expect(error.description.contains("63016"))
        }
    }

    @Test func rateLimitIsTransientAndHonoursRetryAfter() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            await twilio.failNext(count: 1, status: 429, code: 20429, retryAfter: 7)
            let error = try await failure(client)
            #expect(RetryDisposition.of(error) == .transient(retryAfter: .seconds(7)))
            // The fake answers normally again afterwards.
            _ = try await client.send(Fixture.message())
            #expect(await twilio.sentMessages().count == 1)
        }
    }

    @Test(arguments: [(500, 20500), (502, 20502), (503, 20503)])
    func serverErrorsAreTransient(status: Int, code: Int) async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            await twilio.failNext(status: status, code: code)
            let error = try await failure(client)
            #expect(error == .api(status: status, code: code, message: "Injected failure \(code)", retryAfter: nil))
            #expect(RetryDisposition.of(error) == .transient(retryAfter: nil))
        }
    }

    @Test func code20429IsTransientWhateverTheStatus() {
        #expect(TwilioError.api(status: 400, code: 20429, message: nil, retryAfter: nil).retryDisposition == .transient(retryAfter: nil))
        #expect(TwilioError.api(status: 400, code: 21617, message: nil, retryAfter: nil).retryDisposition == .permanent)
        #expect(TwilioError.api(status: 404, code: nil, message: nil, retryAfter: nil).retryDisposition == .permanent)
    }

    @Test func wrongTokenIsPermanentAndNeverQuoted() async throws {
        try await Fixture.withFakeTwilio { _, client in
            let credentials = SenderCredentials(accountSid: Fixture.accountSid, authToken: "wrong-fake-token")
            let error = try await failure(client, Fixture.message(credentials: credentials))
            #expect(error == .api(status: 401, code: 20003, message: "Authenticate", retryAfter: nil))
            #expect(RetryDisposition.of(error) == .permanent)
            #expect(!error.description.contains("wrong-fake-token"))
        }
    }

    @Test func wrongBasePathIsPermanent() async throws {
        try await Fixture.withFakeTwilio { twilio, _ in
            let client = TwilioMessagesClient(httpClient: .shared, baseURL: twilio.baseURL + "/not-twilio")
            let error = try await failure(client)
            #expect(error.twilioCode == 20404)
            #expect(RetryDisposition.of(error) == .permanent)
        }
    }

    @Test func connectionRefusedIsTransient() async throws {
        let twilio = try await FakeTwilio.start(accountSid: Fixture.accountSid, authToken: Fixture.authToken)
        let deadURL = twilio.baseURL
        try await twilio.stop()
        let client = TwilioMessagesClient(httpClient: .shared, baseURL: deadURL, timeout: .seconds(3))
        let error = try await failure(client)
        guard case .transport = error else { Issue.record("expected a transport error, got \(error)"); return }
        #expect(RetryDisposition.of(error) == .transient(retryAfter: nil))
    }

    @Test func slowAnswersTimeOutTransientlyAndMayHaveBeenSent() async throws {
        // The timeout is long enough for the request to reach the fake on a machine the whole
        // suite loads (300 ms was not), and the answer comes well after it.
        try await Fixture.withFakeTwilio(timeout: .seconds(2)) { twilio, client in
            await twilio.delayNext(.seconds(6))
            let error = try await failure(client)
            #expect(error == .timeout(.seconds(2)))
            #expect(RetryDisposition.of(error) == .transient(retryAfter: nil))
            // Twilio processed it: exactly the case the core reconciles with sentMessages. On a
            // loaded machine the request may reach the fake only after the client gave up.
            let start = ContinuousClock.now
            while await twilio.sentMessages().isEmpty, ContinuousClock.now - start < .seconds(10) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await twilio.sentMessages().count == 1)
        }
    }

    @Test func aDroppedResponseIsTransient() async throws {
        try await Fixture.withFakeTwilio { twilio, client in
            await twilio.acceptButDropResponse()
            let error = try await failure(client)
            guard case .transport = error else { Issue.record("expected a transport error, got \(error)"); return }
            #expect(RetryDisposition.of(error) == .transient(retryAfter: nil))
            #expect(await twilio.sentMessages().count == 1)
        }
    }

    @Test func invalidBaseURLIsPermanent() async throws {
        let client = TwilioMessagesClient(httpClient: .shared, baseURL: "api.twilio.com")
        let error = try await failure(client)
        #expect(error == .invalidBaseURL("api.twilio.com"))
        #expect(RetryDisposition.of(error) == .permanent)
    }
}
