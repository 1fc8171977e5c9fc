/// Why an operator request was refused; the HTTP layer maps each to one status and `code`.
package enum OperatorError: Error, Hashable, CustomStringConvertible {
    /// No such conversation for this company (also another company's: nothing leaks).
    case notFound
    case invalidRequest(String)
    /// WhatsApp, more than 24 h after the person's last message: a free-form send fails (63016).
    case windowClosed(templateAvailable: Bool)
    /// A template was asked for but the company's Twilio secret names none (`twilio_template_sid`).
    case templateUnavailable
    case idempotencyKeyInProgress
    case idempotencyKeyReused
    /// The provider refused the message; it was not sent.
    case sendFailed(providerCode: Int?, detail: String)
    /// The send's outcome is unknown (timeout, provider down): a retry with the same key
    /// reconciles with the provider's list before sending.
    case sendUncertain(detail: String)
    /// The conversation's channel cannot be answered through the operator API yet.
    case channelUnsupported(String)

    package var description: String {
        switch self {
        case .notFound: "no such conversation"
        case .invalidRequest(let detail): detail
        case .windowClosed(let template):
            "more than 24 hours have passed since the person's last WhatsApp message, so WhatsApp refuses a free-form message (Twilio error 63016); "
                + (template ? "send the company's template instead ({\"template\": {\"variables\": {…}}})" : "the company's Twilio secret names no template (twilio_template_sid); wait for the person to write")
        case .templateUnavailable: "the company's Twilio secret names no template (twilio_template_sid)"
        case .idempotencyKeyInProgress: "a request with this Idempotency-Key is still being sent; retry in a minute"
        case .idempotencyKeyReused: "this Idempotency-Key was used for another message; use a new key per message"
        case .sendFailed(let code, let detail): "the provider refused the message\(code.map { " (code \($0))" } ?? ""): \(detail)"
        case .sendUncertain(let detail): "the provider did not confirm the send (\(detail)); retry with the same Idempotency-Key"
        case .channelUnsupported(let channel): "operator replies on \(channel) conversations are not supported yet"
        }
    }
}
