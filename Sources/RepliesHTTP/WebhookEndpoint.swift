import Foundation
package import Logging
package import RepliesCore
import Twilio

/// The Twilio webhook (`POST /whatsapp`, `POST /sms`): parses the form, rebuilds the URL Twilio
/// signed from the public base URL, and hands the message to ``Ingest``. Framework-free: both
/// shapes reach it through ``HTTPRouter``.
///
/// ```swift
/// var router = HTTPRouter(logger: logger)
/// router.addWebhooks(WebhookEndpoint(ingest: ingest, publicBaseURL: "https://hooks.example.com", logger: logger))
/// ```
package struct WebhookEndpoint: Sendable {
    let ingest: Ingest
    let publicBaseURL: String
    let logger: Logger
    /// Debug only (`DEBUG_OUTCOME_HEADER`): answers say what ingest decided (``DebugOutcome``).
    let exposesOutcome: Bool

    package init(ingest: Ingest, publicBaseURL: String, logger: Logger, exposesOutcome: Bool = false) {
        self.ingest = ingest
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.logger = logger
        self.exposesOutcome = exposesOutcome
    }

    package func handle(_ request: HTTPRequest, channel: Channel) async -> HTTPResponse {
        let webhook: InboundWebhook
        do {
            let fields = try TwilioForm.parse(bytes: request.body)
            let message = try InboundMessage(twilioFields: fields)
            var url = publicBaseURL + channel.webhookPath
            if let query = request.query { url += "?" + query }
            webhook = InboundWebhook(
                channel: channel, url: url, fields: fields, signature: request.headers["X-Twilio-Signature"], message: message)
        } catch {
            logger.notice("malformed webhook", metadata: ["channel": "\(channel.rawValue)", "error": "\(error)"])
            return .text(400, "\(error)")
        }
        let outcome = await ingest.handle(webhook)
        var response = HTTPResponse(outcome)
        if exposesOutcome { DebugOutcome(outcome, signedURL: webhook.url).annotate(&response) }
        return response
    }
}

extension HTTPResponse {
    /// 200 with empty TwiML whenever the message was kept or deliberately not answered; an
    /// error status only when Twilio should see a failure (503: not stored; Twilio retries it when the URL carries a retry override, docs/DEPLOY.md).
    package init(_ outcome: IngestOutcome) {
        switch outcome {
        case .accepted, .duplicate, .unknownConversation, .rejected:
            self.init(status: 200, contentType: TwiML.contentType, body: TwiML.emptyResponse)
        case .forbidden:
            self = .text(403, "invalid or missing X-Twilio-Signature")
        case .badRequest(let why):
            self = .text(400, why)
        case .misconfigured:
            self = .text(500, "this number is not configured correctly; see the server log")
        case .unavailable:
            self = .text(503, "temporarily unable to store the message; retry")
        }
    }
}
