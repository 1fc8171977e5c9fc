import AsyncHTTPClient
import NIOCore
import RepliesCore
import Twilio

/// Posts a webhook signed the way Twilio signs it, for the tenant's public URL.
func postSigned(_ body: String, sid: String? = nil, tenant: SampleTenant, to address: String) async throws -> (status: Int, body: String) {
    var hook = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: body, accountSid: tenant.accountSid)
    if let sid { hook.messageSid = sid }
    let signed = hook.signed(url: tenant.publicBaseURL + "/whatsapp", authToken: tenant.authToken)
    var request = HTTPClientRequest(url: "http://\(address)/whatsapp")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    request.headers.add(name: "X-Twilio-Signature", value: signed.signature)
    request.body = .bytes(ByteBuffer(string: signed.body))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
}
