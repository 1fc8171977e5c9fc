import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RepliesCore
import Twilio

/// A Twilio message status callback for a URL the engine gave Twilio (`StatusCallback`), with
/// the fields Twilio posts (track-outbound-message-status guide), signed like Twilio signs it.
struct StatusCallbackPost {
    var callbackURL: String
    var sid: String
    var status: String
    var errorCode: String?
    var tenant: SampleTenant

    var fields: [FormField] {
        var fields = [
            FormField("AccountSid", tenant.accountSid), FormField("ApiVersion", "2010-04-01"),
            FormField("ChannelToAddress", tenant.user), FormField("From", "whatsapp:" + tenant.company),
            FormField("MessageSid", sid), FormField("MessageStatus", status), FormField("SmsSid", sid),
            FormField("SmsStatus", status), FormField("To", "whatsapp:" + tenant.user),
        ]
        if let errorCode { fields.append(FormField("ErrorCode", errorCode)) }
        return fields
    }

    /// The query of the callback URL (what follows `?`).
    var query: String { callbackURL.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? "" }

    /// Body and signature; `authToken` nil signs with a wrong token (a forgery).
    func signed(authToken: String?) -> SimulatedWebhook.Signed {
        let fields = self.fields
        return SimulatedWebhook.Signed(
            body: SimulatedWebhook.encode(fields),
            signature: TwilioSignature.compute(url: callbackURL, fields: fields, authToken: authToken ?? "not-the-token"))
    }

    /// Posts to the engine at `address` (`http://host:port`), as Twilio posts to the public URL.
    func post(to address: String, authToken: String?) async throws -> Int {
        let signed = signed(authToken: authToken)
        var request = HTTPClientRequest(url: "http://\(address)\(StatusCallbackTarget.path)?\(query)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: signed.signature)
        request.body = .bytes(ByteBuffer(string: signed.body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }
}
