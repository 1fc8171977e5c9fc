/// What ``DeliveryTracker`` did with a status callback; the route maps it to an HTTP status.
package enum StatusCallbackOutcome: Sendable, Hashable {
    /// The status moved forward and is on the record.
    case recorded(DeliveryStatus)
    /// A repeated or late status (out of order): nothing to change.
    case unchanged
    /// Authenticated, but nothing to do: an unknown conversation, another tenant's
    /// conversation, or a status we do not record. Answered 2xx so Twilio stops.
    case ignored(String)
    case forbidden(String)
    case badRequest(String)
    /// The store, the secrets or the handoff queue failed transiently: 503, Twilio may retry.
    case unavailable(String)

    /// The bounded `outcome` label of `replies_status_callbacks_total`.
    package var label: String {
        switch self {
        case .recorded: "recorded"
        case .unchanged: "unchanged"
        case .ignored: "ignored"
        case .forbidden: "forbidden"
        case .badRequest: "bad_request"
        case .unavailable: "unavailable"
        }
    }
}
