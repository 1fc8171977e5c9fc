/// Checks a webhook signature (Twilio's `X-Twilio-Signature`).
package protocol SignatureVerifier: Sendable {
    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool
}
