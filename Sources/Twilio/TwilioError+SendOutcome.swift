import RepliesCore

extension TwilioError: ProviderErrorCoded, SendOutcomeReporting {
    package var providerCode: Int? { twilioCode }

    /// A message Twilio refused (4xx, 20429 "never processed") or one refused locally was not
    /// sent; after a timeout, a broken connection, a 5xx or an odd 2xx it may have been.
    package var mayHaveBeenSent: Bool {
        switch self {
        case .api(let status, let code, _, _): status >= 500 && code != 20429
        case .transport, .timeout, .malformedResponse: true
        case .bodyTooLong, .invalidAccountSid, .invalidBaseURL: false
        }
    }
}
