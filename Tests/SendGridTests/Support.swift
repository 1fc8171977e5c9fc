import AsyncHTTPClient
import EmailKit
import Foundation
import NIOCore
import NIOHTTP1
import SendGrid
import TestFakes

/// Invented addresses and an obviously fake API key.
enum Fixture {
    static let apiKey = "SG.fake-api-key-not-a-secret"
    static let company = EmailAddress("lettings@parse.example.com")!
    static let person = EmailAddress("sam.okafor@example.com")!

    static func email(text: String = "Yes, 9am is booked for key collection.", subject: String = "Re: Keys", batchId: String = "0f1e2d3c4b5a6978") -> OutboundEmail {
        OutboundEmail(
            from: company, fromName: "Larkspur Lettings", to: person, subject: subject, text: text,
            threading: ThreadingHeaders(messageID: "<m2@mail.example.com>", earlier: ["<m1@mail.example.com>"]), batchId: batchId)
    }

    /// Starts a fake SendGrid, hands it and a client pointed at it to `body`, and stops it after.
    static func withFakeSendGrid<T>(
        timeout: Duration = .seconds(5), _ body: (FakeSendGrid, MailSendClient) async throws -> T
    ) async throws -> T {
        let sendGrid = try await FakeSendGrid.start(apiKey: apiKey)
        let client = MailSendClient(httpClient: .shared, baseURL: sendGrid.baseURL, timeout: timeout)
        do {
            let result = try await body(sendGrid, client)
            try await sendGrid.stop()
            return result
        } catch {
            try? await sendGrid.stop()
            throw error
        }
    }

    /// Sends raw JSON to the fake as SendGrid's API would receive it.
    static func post(_ json: String, to sendGrid: FakeSendGrid, apiKey: String? = Fixture.apiKey, contentType: String = "application/json")
        async throws -> (status: Int, body: String)
    {
        var request = HTTPClientRequest(url: sendGrid.baseURL + "/v3/mail/send")
        request.method = .POST
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(Array(json.utf8))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}
