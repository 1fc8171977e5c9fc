package import AsyncHTTPClient
package import NIOCore
import RepliesCore
import NIOHTTP1

extension SimulatedWebhook {
    /// Posts this webhook to `baseURL` + the channel path, signed for `signingBaseURL` + the
    /// channel path (the server's `PUBLIC_BASE_URL`), as Twilio would. Returns status and body.
    package func post(
        to baseURL: String, signingBaseURL: String, authToken: String,
        httpClient: HTTPClient = .shared, timeout: TimeAmount = .seconds(20)
    ) async throws -> (status: Int, body: String) {
        let trim = { (text: String) in text.hasSuffix("/") ? String(text.dropLast()) : text }
        let signed = signed(url: trim(signingBaseURL) + channel.webhookPath, authToken: authToken)
        var request = HTTPClientRequest(url: trim(baseURL) + channel.webhookPath)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: signed.signature)
        request.body = .bytes(ByteBuffer(string: signed.body))
        let response = try await httpClient.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}
