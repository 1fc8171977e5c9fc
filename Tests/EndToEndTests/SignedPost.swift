import RepliesCore
import Twilio
import NIOCore

/// Posts a webhook signed the way Twilio signs it, for the tenant's public URL.
func postSigned(_ body: String, sid: String? = nil, tenant: SampleTenant, to address: String) async throws -> (status: Int, body: String) {
    var hook = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: body, accountSid: tenant.accountSid)
    if let sid { hook.messageSid = sid }
    return try await hook.post(to: "http://\(address)", signingBaseURL: tenant.publicBaseURL, authToken: tenant.authToken, timeout: .seconds(10))
}
