import Foundation
package import Logging
package import RepliesCore
import Twilio

/// The Twilio webhook as plain HTTP, independent of the server framework: the Hummingbird
/// routes and the Lambda event adapters both call it.
///
/// ```swift
/// let endpoint = WebhookEndpoint(ingest: ingest, publicBaseURL: "https://hooks.example.com")
/// let response = await endpoint.handle(path: "/whatsapp", query: nil, signature: sig, body: bytes)
/// ```
package struct WebhookEndpoint: Sendable {
    /// Twilio's own limit for what it posts is far below this; anything larger is not Twilio.
    package static let maxBodyBytes = 64 * 1024

    let ingest: Ingest
    let publicBaseURL: String
    let logger: Logger
    /// Debug only (`DEBUG_OUTCOME_HEADER`): answers say what ingest decided, for `simulate`.
    let exposesOutcome: Bool

    package init(ingest: Ingest, publicBaseURL: String, logger: Logger, exposesOutcome: Bool = false) {
        self.ingest = ingest
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.logger = logger
        self.exposesOutcome = exposesOutcome
    }

    /// - Parameters:
    ///   - path: the route path (`/whatsapp`, `/sms`), without any API Gateway stage.
    ///   - query: the raw query string exactly as received, without `?`.
    package func handle(path: String, query: String?, signature: String?, body: [UInt8]) async -> WebhookResponse {
        guard let channel = Channel(path: path) else { return .plain(404, "unknown webhook path \(path)") }
        guard body.count <= Self.maxBodyBytes else { return .plain(413, "body over \(Self.maxBodyBytes) bytes") }
        let webhook: InboundWebhook
        do {
            let fields = try TwilioForm.parse(bytes: body)
            let message = try InboundMessage(twilioFields: fields)
            var url = publicBaseURL + channel.webhookPath
            if let query, !query.isEmpty { url += "?" + query }
            webhook = InboundWebhook(channel: channel, url: url, fields: fields, signature: signature, message: message)
        } catch {
            logger.notice("malformed webhook", metadata: ["channel": "\(channel.rawValue)", "error": "\(error)"])
            return .plain(400, "\(error)")
        }
        let outcome = await ingest.handle(webhook)
        var response = WebhookResponse(outcome)
        if exposesOutcome { response.debugOutcome = DebugOutcome(outcome, signedURL: webhook.url) }
        return response
    }
}

/// An HTTP answer to Twilio: status, content type and body.
package struct WebhookResponse: Sendable, Hashable {
    package var status: Int
    package var contentType: String
    package var body: String
    /// What ingest decided, when the endpoint exposes it (debug only).
    package var debugOutcome: DebugOutcome?

    package init(status: Int, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    static func plain(_ status: Int, _ message: String) -> WebhookResponse {
        WebhookResponse(status: status, contentType: "text/plain; charset=utf-8", body: message + "\n")
    }

    /// 200 with empty TwiML whenever the message was kept or deliberately not answered; an
    /// error status only when Twilio should see a failure.
    package init(_ outcome: IngestOutcome) {
        switch outcome {
        case .accepted, .duplicate, .unknownConversation, .rejected:
            self.init(status: 200, contentType: TwiML.contentType, body: TwiML.emptyResponse)
        case .forbidden:
            self = .plain(403, "invalid or missing X-Twilio-Signature")
        case .badRequest(let why):
            self = .plain(400, why)
        case .misconfigured:
            self = .plain(500, "this number is not configured correctly; see the server log")
        case .unavailable:
            self = .plain(503, "temporarily unable to store the message; retry")
        }
    }
}
