import RepliesCore

/// `replies_send_errors_total{code}`: Twilio's numeric error code when it sent one (a catalogue
/// of a few hundred), else the HTTP status (`http_503`) or what failed locally. Never the
/// message, which can quote a phone number.
extension TwilioError: MetricLabeled {
    package var metricLabel: String {
        switch self {
        case .api(let status, let code, _, _):
            if let code, (10_000...99_999).contains(code) { return String(code) }
            return (100...599).contains(status) ? "http_\(status)" : "http_other"
        case .transport: return "transport"
        case .timeout: return "timeout"
        case .bodyTooLong: return "body_too_long"
        case .invalidAccountSid: return "invalid_account_sid"
        case .invalidBaseURL: return "invalid_base_url"
        case .malformedResponse: return "malformed_response"
        }
    }
}
