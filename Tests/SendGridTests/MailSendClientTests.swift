import EmailKit
import AsyncHTTPClient
import Foundation
import RepliesCore
import SendGrid
import TestFakes
import Testing

/// The client against the fake SendGrid: what it sends, and how each failure is classified.
@Suite struct MailSendClientTests {
    @Test func sendsAThreadedReplyInTheShapeSendGridAccepts() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            let sent = try await client.send(Fixture.email(), apiKey: Fixture.apiKey)
            let mail = try #require(await sendGrid.sentMail().first)
            #expect(sent.messageId == mail.messageId)
            #expect(mail.to == ["sam.okafor@example.com"])
            #expect(mail.from == "lettings@parse.example.com")
            #expect(mail.fromName == "Larkspur Lettings")
            #expect(mail.replyTo == nil)
            #expect(mail.subject == "Re: Keys")
            #expect(mail.content.map(\.type) == ["text/plain", "text/html"])
            #expect(mail.text == "Yes, 9am is booked for key collection.")
            #expect(mail.html == "<!DOCTYPE html><html><body><p>Yes, 9am is booked for key collection.</p></body></html>")
            #expect(mail.headers == [
                "In-Reply-To": "<m2@mail.example.com>", "References": "<m1@mail.example.com> <m2@mail.example.com>",
                "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "OOF, AutoReply", "X-Replies-Batch-Id": "0f1e2d3c4b5a6978",
            ])
            #expect(mail.customArgs == ["replies_batch_id": "0f1e2d3c4b5a6978"])
            let request = try #require(await sendGrid.requests().first)
            #expect(request.authorization == "Bearer \(Fixture.apiKey)")
            #expect(request.contentType == "application/json")
            let json = try #require(try JSONSerialization.jsonObject(with: mail.json) as? [String: Any])
            let tracking = try #require(json["tracking_settings"] as? [String: [String: Bool]])
            #expect(tracking["click_tracking"]?["enable"] == false)
            #expect(tracking["open_tracking"]?["enable"] == false)
        }
    }

    @Test func theSameBatchSentTwiceCarriesTheSameBatchIdSoAHumanCanSpotIt() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            _ = try await client.send(Fixture.email(), apiKey: Fixture.apiKey)
            _ = try await client.send(Fixture.email(), apiKey: Fixture.apiKey)
            let mail = await sendGrid.sentMail()
            #expect(mail.count == 2)
            #expect(Set(mail.map { $0.customArgs["replies_batch_id"] }).count == 1)
            #expect(mail[0].messageId != mail[1].messageId)
        }
    }

    @Test func setsReplyToWhenTheSenderIsNotTheParseAddress() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            var email = Fixture.email()
            email.from = EmailAddress("noreply-verified@example.com")!
            email.replyTo = Fixture.company
            email.threading = nil
            _ = try await client.send(email, apiKey: Fixture.apiKey)
            let mail = try #require(await sendGrid.sentMail().first)
            #expect(mail.replyTo == "lettings@parse.example.com")
            #expect(mail.headers["In-Reply-To"] == nil)
        }
    }

    @Test func aWrongAPIKeyIsPermanentWithSendGridsMessage() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: "SG.wrong") }
            #expect(error == .rejected(status: 401, errors: [SendGridAPIError(message: "The provided authorization grant is invalid, expired, or revoked")]))
            #expect(error.retryDisposition == .permanent)
            #expect(!error.mayHaveBeenSent)
            #expect(error.description.contains("sendgrid_auth_value"))
            #expect(await sendGrid.sentMail().isEmpty)
        }
    }

    @Test func rateLimitsAreTransientWithTheirDelay() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            await sendGrid.failNext(status: 429, message: "too many requests", retryAfter: 7)
            let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
            #expect(error == .rateLimited(retryAfter: .seconds(7), errors: [SendGridAPIError(message: "too many requests")]))
            #expect(error.retryDisposition == .transient(retryAfter: .seconds(7)))

            // X-RateLimit-Reset is a Unix time: the delay is what remains of it when the answer
            // arrives (the margin absorbs a loaded machine).
            let reset = Int(Date().timeIntervalSince1970) + 1200
            await sendGrid.failNext(status: 429, message: "too many requests", rateLimitReset: reset)
            let fromReset = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
            guard case .rateLimited(let delay?, _) = fromReset else { Issue.record("\(fromReset)"); return }
            #expect(delay > .seconds(1000) && delay <= .seconds(1201))

            _ = try await client.send(Fixture.email(), apiKey: Fixture.apiKey)
            #expect(await sendGrid.sentMail().count == 1)
        }
    }

    @Test(arguments: [500, 502, 503])
    func serverErrorsAreTransientAndNotSent(_ status: Int) async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            await sendGrid.failNext(status: status, message: "internal server error")
            let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
            #expect(error == .serverError(status: status, errors: [SendGridAPIError(message: "internal server error")]))
            #expect(error.retryDisposition == .transient(retryAfter: nil))
            #expect(!error.mayHaveBeenSent)
        }
    }

    @Test(arguments: [400, 403, 413])
    func requestErrorsArePermanent(_ status: Int) async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            await sendGrid.failNext(status: status, message: "refused")
            let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
            #expect(error == .rejected(status: status, errors: [SendGridAPIError(message: "refused")]))
            #expect(error.retryDisposition == .permanent)
        }
    }

    @Test func aDroppedAnswerAfterSendingIsOutcomeUnknownAndNotRetried() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            await sendGrid.acceptButDropResponse()
            let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
            guard case .outcomeUnknown = error else { Issue.record("expected outcomeUnknown, got \(error)"); return }
            #expect(error.mayHaveBeenSent)
            #expect(error.retryDisposition == .permanent)
            #expect(await sendGrid.sentMail().count == 1, "the fake did queue it: exactly the case a retry would duplicate")
        }
    }

    @Test func aTimeoutAfterSendingIsOutcomeUnknown() async throws {
        // The timeout must outlast connecting even on a loaded machine; the fake's delay ends
        // when it stops, so the long delay costs nothing.
        try await Fixture.withFakeSendGrid(timeout: .seconds(3)) { sendGrid, client in
            await sendGrid.delayNext(.seconds(60))
            let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
            #expect(error.mayHaveBeenSent, "\(error)")
        }
    }

    @Test func aGatewayTimeoutIsOutcomeUnknown() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            await sendGrid.failNext(status: 504, message: "gateway timeout")
            let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
            #expect(error.mayHaveBeenSent)
        }
    }

    @Test func nothingListeningIsNotConnectedAndSafeToRetry() async throws {
        let sendGrid = try await FakeSendGrid.start()
        let url = sendGrid.baseURL
        try await sendGrid.stop()
        let client = MailSendClient(httpClient: .shared, baseURL: url, timeout: .seconds(5))
        let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
        guard case .notConnected = error else { Issue.record("expected notConnected, got \(error)"); return }
        #expect(!error.mayHaveBeenSent)
        #expect(error.retryDisposition == .transient(retryAfter: nil))
    }

    @Test func sandboxModeIsNotASend() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            await sendGrid.sandboxNext()
            await #expect(throws: MailSendError.notQueued(status: 200)) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
        }
    }

    @Test func refusesLocallyWhatSendGridWouldRefuseWithoutARequest() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            var noName = Fixture.email()
            noName.fromName = "Larkspur\r\nBcc: x@example.com"
            for (email, key) in [(Fixture.email(text: " \n"), Fixture.apiKey), (Fixture.email(subject: ""), Fixture.apiKey),
                                 (Fixture.email(subject: "a\nb"), Fixture.apiKey), (Fixture.email(batchId: "has space"), Fixture.apiKey),
                                 (noName, Fixture.apiKey), (Fixture.email(), "SG.key\r\nX: y"), (Fixture.email(), "")] {
                let error = try await #require(throws: MailSendError.self) { try await client.send(email, apiKey: key) }
                guard case .invalidEmail = error else { Issue.record("\(error)"); continue }
            }
            #expect(await sendGrid.requests().isEmpty)
        }
        let bad = MailSendClient(httpClient: .shared, baseURL: "ftp://example.com")
        await #expect(throws: MailSendError.invalidBaseURL("ftp://example.com")) { try await bad.send(Fixture.email(), apiKey: Fixture.apiKey) }
    }

    @Test func errorDescriptionsCarrySendGridsMessagesButNeverTheKey() async throws {
        try await Fixture.withFakeSendGrid { sendGrid, client in
            await sendGrid.failNext(status: 400, message: "Does not contain a valid address.")
            let error = try await #require(throws: MailSendError.self) { try await client.send(Fixture.email(), apiKey: Fixture.apiKey) }
            #expect(error.description.contains("Does not contain a valid address."))
            #expect(!error.description.contains(Fixture.apiKey))
        }
    }
}
