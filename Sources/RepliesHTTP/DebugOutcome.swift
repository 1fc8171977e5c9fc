package import RepliesCore

/// What ingest decided for one webhook, as response headers, for `replies-engine simulate`:
/// `X-Replies-Outcome: rejected; project is not active (inactive)` and the URL the signature
/// was checked against (`X-Replies-Signed-URL`), which explains a 403 at once.
///
/// Off by default and for debugging only (`DEBUG_OUTCOME_HEADER=true`): it tells any caller
/// which number pairs exist and why a message was refused. Reasons are the engine's own words,
/// with phone numbers masked, never message bodies.
///
/// ```swift
/// let endpoint = WebhookEndpoint(ingest: ingest, publicBaseURL: url, logger: logger, exposesOutcome: true)
/// ```
/// (`simulate` reads them; `serve` sets the flag from `DEBUG_OUTCOME_HEADER`.)
package struct DebugOutcome: Sendable, Hashable {
    package static let outcomeHeader = "X-Replies-Outcome"
    package static let signedURLHeader = "X-Replies-Signed-URL"

    /// ``IngestOutcome/label`` and, for refusals and failures, why.
    package var outcome: String
    package var signedURL: String

    package init(_ outcome: IngestOutcome, signedURL: String) {
        let reason: String? = switch outcome {
        case .accepted, .duplicate, .unknownConversation: nil
        case .rejected(let why), .forbidden(let why), .badRequest(let why), .misconfigured(let why), .unavailable(let why): why
        }
        self.outcome = outcome.label + (reason.map { "; " + $0 } ?? "")
        self.signedURL = signedURL
    }

    /// Adds both headers to `response`. Header values are one line of visible ASCII: anything
    /// else is replaced.
    package func annotate(_ response: inout HTTPResponse) {
        response.headers[Self.outcomeHeader] = Self.headerSafe(outcome)
        response.headers[Self.signedURLHeader] = Self.headerSafe(signedURL)
    }

    static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(400).map { (0x20...0x7E).contains($0.value) ? $0 : "?" }))
    }
}
