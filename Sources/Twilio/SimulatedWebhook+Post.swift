package import AsyncHTTPClient
package import NIOCore
import RepliesCore
import NIOHTTP1

extension SimulatedWebhook {
    /// What the server answered.
    package struct Answer: Sendable {
        package var status: Int
        package var body: String
        /// Header values by lower-cased name (the last one wins).
        package var headers: [String: String]
    }

    /// Posts this webhook to `baseURL` + the channel path, signed for `signingBaseURL` + the
    /// channel path (the server's `PUBLIC_BASE_URL`), as Twilio would. Returns status and body.
    package func post(
        to baseURL: String, signingBaseURL: String, authToken: String,
        httpClient: HTTPClient = .shared, timeout: TimeAmount = .seconds(20)
    ) async throws -> (status: Int, body: String) {
        let answer = try await send(to: baseURL, signingBaseURL: signingBaseURL, authToken: authToken, httpClient: httpClient, timeout: timeout)
        return (answer.status, answer.body)
    }

    /// ``post(to:signingBaseURL:authToken:httpClient:timeout:)`` with the response headers.
    package func send(
        to baseURL: String, signingBaseURL: String, authToken: String,
        httpClient: HTTPClient = .shared, timeout: TimeAmount = .seconds(20)
    ) async throws -> Answer {
        let signed = signed(url: signingURL(signingBaseURL), authToken: authToken)
        var request = HTTPClientRequest(url: Self.trimmed(baseURL) + channel.webhookPath)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: signed.signature)
        request.body = .bytes(ByteBuffer(string: signed.body))
        let response = try await httpClient.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), body: String(buffer: body), headers: headers)
    }

    /// The URL the signature covers for a server whose public base URL is `signingBaseURL`.
    package func signingURL(_ signingBaseURL: String) -> String {
        Self.trimmed(signingBaseURL) + channel.webhookPath
    }

    static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
}
