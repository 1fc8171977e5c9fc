/// The parts of an HTTP request that Signature Version 4 covers.
///
/// `path` is the decoded path (`/example space/`); the signer URI-encodes it. `query` holds decoded
/// name/value pairs in any order. `headers` are the ones to sign, in any case and order; repeated
/// names are joined with commas as the algorithm requires.
///
/// ```swift
/// let request = SigV4Request(method: "POST", path: "/", headers: [("Host", "dynamodb.eu-north-1.amazonaws.com")], body: Array(json.utf8))
/// ```
package struct SigV4Request: Sendable {
    package var method: String
    package var path: String
    package var query: [(name: String, value: String)]
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// Everything the signer produced: the headers to add to the request, and the intermediate
/// texts (useful to compare with the official test suite or to debug a refused signature).
package struct SigV4Signature: Sendable {
    package var canonicalRequest: String
    package var stringToSign: String
    /// Lower-case hex HMAC of the string to sign.
    package var signature: String
    package var signedHeaders: String
    package var authorization: String
    /// `X-Amz-Date`, then `X-Amz-Security-Token` and `X-Amz-Content-Sha256` when used, then `Authorization`.
    package var headersToAdd: [(name: String, value: String)]
}
