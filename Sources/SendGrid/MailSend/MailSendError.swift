package import RepliesCore

/// A Mail Send failure, classified for the core: whether retrying is useful, and — the question
/// that matters for exactly-once — whether the e-mail may have gone out anyway.
///
/// | case | retry | may have been sent |
/// |---|---|---|
/// | ``rateLimited(retryAfter:errors:)`` (429) | transient, after the delay | no |
/// | ``serverError(status:errors:)`` (500, 502, 503) | transient | no: SendGrid answered that it did not queue it |
/// | ``notConnected(_:)`` (refused, DNS, TLS; nothing written) | transient | no |
/// | ``outcomeUnknown(_:)`` (timeout or connection lost after the request was written, an answer other than 202 cut off mid-body, 504) | **permanent** | **maybe** |
/// | ``rejected(status:errors:)`` (400, 401, 403, 404, 413, 415…) | permanent | no |
/// | ``notQueued(status:)`` (200: sandbox mode) | permanent | no |
/// | ``invalidEmail(_:)``, ``invalidBaseURL(_:)`` (refused locally) | permanent | no |
///
/// An unknown outcome is permanent on purpose: SendGrid has no list of sent messages to
/// reconcile with, so a retry could deliver the reply twice. The core hands the conversation to
/// a human instead; ``mayHaveBeenSent`` lets it say why, and the batch id in the e-mail's
/// `X-Replies-Batch-Id` header and `replies_batch_id` custom argument lets that human check
/// SendGrid's activity feed.
package enum MailSendError: Error, Hashable, Sendable, CustomStringConvertible, RetryClassifying {
    case rejected(status: Int, errors: [SendGridAPIError])
    case rateLimited(retryAfter: Duration?, errors: [SendGridAPIError])
    case serverError(status: Int, errors: [SendGridAPIError])
    case notConnected(String)
    case outcomeUnknown(String)
    case notQueued(status: Int)
    case invalidEmail(String)
    case invalidBaseURL(String)

    /// True only when SendGrid may have queued the e-mail although the call failed.
    package var mayHaveBeenSent: Bool {
        if case .outcomeUnknown = self { return true }
        return false
    }

    package var retryDisposition: RetryDisposition {
        switch self {
        case .rateLimited(let retryAfter, _): .transient(retryAfter: retryAfter)
        case .serverError, .notConnected: .transient(retryAfter: nil)
        case .rejected, .outcomeUnknown, .notQueued, .invalidEmail, .invalidBaseURL: .permanent
        }
    }

    package var description: String {
        switch self {
        case .rejected(let status, let errors):
            "SendGrid refused the e-mail (HTTP \(status))\(Self.detail(errors))\(Self.hint(status))"
        case .rateLimited(let retryAfter, let errors):
            "SendGrid rate limit reached (HTTP 429)\(Self.detail(errors))" + (retryAfter.map { "; retry after \($0)" } ?? "")
        case .serverError(let status, let errors):
            "SendGrid failed (HTTP \(status))\(Self.detail(errors)); it did not queue the e-mail, the send will be retried"
        case .notConnected(let detail):
            "could not reach SendGrid (\(detail)); nothing was sent, the send will be retried; check SENDGRID_API_BASE_URL and the network"
        case .outcomeUnknown(let detail):
            "SendGrid may or may not have queued the e-mail (\(detail)); not retried to avoid a duplicate, a human should check the activity feed"
        case .notQueued(let status):
            "SendGrid answered HTTP \(status) instead of 202: the e-mail was valid but not queued (sandbox mode is on)"
        case .invalidEmail(let reason):
            "the e-mail was not sent: \(reason)"
        case .invalidBaseURL(let url):
            "the SendGrid base URL '\(url)' is not an absolute http(s) URL; fix SENDGRID_API_BASE_URL"
        }
    }

    private static func detail(_ errors: [SendGridAPIError]) -> String {
        errors.isEmpty ? "" : ": " + errors.map(\.description).joined(separator: "; ")
    }

    private static func hint(_ status: Int) -> String {
        switch status {
        case 401: "; check sendgrid_auth_value in the tenant's e-mail secret"
        case 403: "; the API key lacks the Mail Send permission, or the from address is not a verified sender"
        case 413: "; the e-mail is larger than SendGrid accepts"
        default: ""
        }
    }
}

/// One entry of SendGrid's error body: `{"errors": [{"message": …, "field": …, "help": …}]}`.
package struct SendGridAPIError: Sendable, Hashable, CustomStringConvertible {
    package var message: String
    package var field: String?

    package init(message: String, field: String? = nil) {
        self.message = message
        self.field = field
    }

    package var description: String {
        guard let field, !field.isEmpty, field != "null" else { return message }
        return "\(field): \(message)"
    }
}
