package import RepliesCore

/// A media download that did not produce the bytes, classified for the worker: transient ones are
/// retried inside the download (bounded), then reported; permanent ones mean "describe the item".
///
/// Descriptions never carry credentials or the signed CDN query string.
package enum TwilioMediaError: Error, Hashable, Sendable, CustomStringConvertible, RetryClassifying {
    /// The media URL is not a Twilio media resource of the tenant's account on the configured API
    /// origin; the credentials were not sent.
    case untrustedURL(String)
    /// The body is (or announced itself as) larger than the cap; it was not read whole.
    case tooLarge(bytes: Int?, limit: Int)
    /// Still 404 after the retries: Twilio never made the media available.
    case notReady(attempts: Int)
    /// An error status other than "not ready".
    case http(status: Int)
    /// More redirects than Twilio uses (one to the CDN), a redirect without `Location`, or to a
    /// non-http(s) URL.
    case badRedirect(String)
    /// The connection failed (refused, reset, TLS); retried before being reported.
    case transport(String)
    /// The whole download did not finish within its time budget.
    case timeout(Duration)

    package var retryDisposition: RetryDisposition {
        switch self {
        case .notReady, .transport, .timeout: .transient(retryAfter: nil)
        case .http(let status) where status == 429 || status >= 500: .transient(retryAfter: nil)
        case .untrustedURL, .tooLarge, .http, .badRedirect: .permanent
        }
    }

    package var description: String {
        switch self {
        case .untrustedURL(let reason):
            "media URL refused (\(reason)); credentials are only sent to the tenant's media on the configured Twilio API origin (TWILIO_API_BASE_URL)"
        case .tooLarge(let bytes?, let limit):
            "media is \(bytes) bytes, more than the \(limit)-byte cap; it is described instead of processed"
        case .tooLarge(nil, let limit):
            "media exceeded the \(limit)-byte cap while downloading; it is described instead of processed"
        case .notReady(let attempts):
            "media was still not available (404) after \(attempts) attempts"
        case .http(let status):
            "media download answered HTTP \(status)"
        case .badRedirect(let reason):
            "media download was redirected unexpectedly: \(reason)"
        case .transport(let detail):
            "could not reach the media host: \(detail)"
        case .timeout(let limit):
            "media download did not finish within \(limit)"
        }
    }
}
