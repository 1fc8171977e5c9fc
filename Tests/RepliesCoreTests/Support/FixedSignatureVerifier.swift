import RepliesCore

/// ``SignatureVerifier`` that accepts exactly one signature, and only with the tenant's auth
/// token, so a test also proves that ingest verified with the right secret.
struct FixedSignatureVerifier: SignatureVerifier {
    var signature: String = Fixture.signature
    var authToken: String = Fixture.authToken

    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool {
        signature == self.signature && authToken == self.authToken
    }
}
