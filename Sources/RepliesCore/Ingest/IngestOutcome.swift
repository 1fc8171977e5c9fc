/// What the ingest use case decided for one webhook; the HTTP adapters map it to a response.
package enum IngestOutcome: Sendable, Hashable {
    /// Stored (or already stored and still pending) and scheduled: 200 empty TwiML.
    case accepted
    /// A retry of a message already answered: 200 empty TwiML, nothing happens.
    case duplicate
    /// No conversation for this number pair: 200 empty TwiML, logged and counted.
    case unknownConversation
    /// Business rules refuse it (inactive project, channel not allowed): 200 empty TwiML.
    case rejected(String)
    /// Not authenticated (no signature, a signature no token of the company number's tenants
    /// matches, an AccountSid that is not the tenant's): 403 with one fixed body, nothing read
    /// about the number pair, nothing stored.
    case forbidden(String)
    /// Malformed request: 400.
    case badRequest(String)
    /// The tenant's configuration is broken (no credentials reference, bad secret), found after
    /// the request was authenticated: 500.
    case misconfigured(String)
    /// A transient failure before the message was safely stored and scheduled: 503.
    case unavailable(String)

    /// Metric/log label.
    package var label: String {
        switch self {
        case .accepted: "accepted"
        case .duplicate: "duplicate"
        case .unknownConversation: "unknown_conversation"
        case .rejected: "rejected"
        case .forbidden: "forbidden"
        case .badRequest: "bad_request"
        case .misconfigured: "misconfigured"
        case .unavailable: "unavailable"
        }
    }
}
