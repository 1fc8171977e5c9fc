package import RepliesCore

/// A failure talking to Twilio's Messages API, classified for the core's retry logic.
///
/// Transient: HTTP 429 or Twilio code 20429 ("never processed, always safe to retry"), 63018
/// (channel rate limit), any 5xx, connection failures and timeouts; `Retry-After` (seconds) is
/// passed on when Twilio sends it. Permanent: every other 4xx (21211 invalid `To`, 63016 outside
/// the 24-hour window, 21617 body too long, 20003 bad credentials…), bodies refused locally, bad
/// configuration and responses that are not Twilio's. A send that failed transiently may still
/// have gone out (a timeout after Twilio accepted it), which is why the core reconciles with
/// ``TwilioMessagesClient/sentMessages(channel:from:to:since:credentials:)`` before resending.
///
/// ```swift
/// catch let error as TwilioError where error.twilioCode == 63016 { /* needs a template */ }
/// ```
///
/// Descriptions carry Twilio's code and message with phone numbers masked, never credentials.
package enum TwilioError: Error, Hashable, Sendable, CustomStringConvertible, RetryClassifying {
    /// Twilio answered with an error status.
    case api(status: Int, code: Int?, message: String?, retryAfter: Duration?)
    /// No usable HTTP exchange: connection refused or reset, TLS failure, DNS…
    case transport(String)
    /// No response within the per-request timeout. The request may have been processed.
    case timeout(Duration)
    /// Refused locally: the body is longer than Twilio accepts, in UTF-16 code units.
    case bodyTooLong(length: Int, limit: Int)
    /// Refused locally: the account SID cannot be part of a request path.
    case invalidAccountSid
    /// The base URL (`TWILIO_API_BASE_URL`) is not an absolute http(s) URL.
    case invalidBaseURL(String)
    /// A 2xx answer that is not the JSON Twilio sends; most likely the base URL points elsewhere.
    case malformedResponse(status: Int, detail: String)

    /// Twilio's error code, when it sent one.
    package var twilioCode: Int? {
        if case .api(_, let code, _, _) = self { return code }
        return nil
    }

    package var retryDisposition: RetryDisposition {
        switch self {
        case .api(let status, let code, _, let retryAfter):
            if status == 429 || status >= 500 || code == 20429 || code == 63018 { return .transient(retryAfter: retryAfter) }
            return .permanent
        case .transport, .timeout:
            return .transient(retryAfter: nil)
        case .bodyTooLong, .invalidAccountSid, .invalidBaseURL, .malformedResponse:
            return .permanent
        }
    }

    package var description: String {
        switch self {
        case .api(let status, let code, let message, let retryAfter):
            var text = "Twilio answered HTTP \(status)"
            if let code { text += ", code \(code)" }
            if let message { text += ": \(Self.maskingPhoneNumbers(message))" }
            if let code { text += " (https://www.twilio.com/docs/errors/\(code))" }
            if let retryAfter { text += "; retry after \(retryAfter)" }
            return text
        case .transport(let detail):
            return "could not reach Twilio: \(detail); check TWILIO_API_BASE_URL and the network, the call will be retried"
        case .timeout(let limit):
            return "Twilio did not answer within \(limit); the message may or may not have been sent"
        case .bodyTooLong(let length, let limit):
            return "message body is \(length) UTF-16 units, Twilio accepts at most \(limit); split it before sending"
        case .invalidAccountSid:
            return "the Twilio account SID contains characters other than letters and digits; fix the tenant's secret"
        case .invalidBaseURL(let url):
            return "Twilio base URL '\(url)' is not an absolute http(s) URL; fix TWILIO_API_BASE_URL"
        case .malformedResponse(let status, let detail):
            return "Twilio answered HTTP \(status) with an unexpected body (\(detail)); check TWILIO_API_BASE_URL"
        }
    }

    /// Twilio's messages quote numbers ("The 'To' number +15005550001 is not a valid phone
    /// number"); logs must not carry full numbers, so runs of 6+ digits (with an optional `+`) are
    /// masked with ``RepliesCore/PhoneNumber/mask(_:)``.
    static func maskingPhoneNumbers(_ text: String) -> String {
        var result = ""
        var run = ""
        func flush() {
            let digits = run.filter(\.isNumber).count
            result += digits >= 6 ? PhoneNumber.mask(run) : run
            run = ""
        }
        for character in text {
            if character.isASCII && character.isNumber || (character == "+" && run.isEmpty) {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }
}
