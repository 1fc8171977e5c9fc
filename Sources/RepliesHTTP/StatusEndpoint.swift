import Foundation
package import Logging
package import RepliesCore
import Twilio

/// `POST /twilio/status`: Twilio's message status callbacks for what the engine sent. Parses the
/// form, rebuilds the signed URL from the public base URL and the query, and hands it to
/// ``DeliveryTracker``. Answers at once: 204 whenever the callback was authenticated (recorded,
/// repeated, or nothing to do — Twilio must not retry those), 403 for a bad signature, 400 for
/// a malformed callback, 503 only when the store or the handoff queue failed.
///
/// ```swift
/// router.addStatusCallbacks(StatusEndpoint(tracker: tracker, publicBaseURL: "https://hooks.example.com", logger: logger))
/// ```
package struct StatusEndpoint: Sendable {
    let tracker: DeliveryTracker
    let publicBaseURL: String
    let logger: Logger

    package init(tracker: DeliveryTracker, publicBaseURL: String, logger: Logger) {
        self.tracker = tracker
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.logger = logger
    }

    package func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let fields: [FormField]
        do {
            fields = try TwilioForm.parse(bytes: request.body)
        } catch {
            logger.notice("malformed status callback", metadata: ["error": "\(error)"])
            return .text(400, "\(error)")
        }
        var url = publicBaseURL + StatusCallbackTarget.path
        if let query = request.query { url += "?" + query }
        let outcome = await tracker.handle(StatusCallbackRequest(
            url: url, query: request.query, fields: fields, signature: request.headers["X-Twilio-Signature"]))
        return HTTPResponse(outcome, logger: logger)
    }
}

extension HTTPResponse {
    init(_ outcome: StatusCallbackOutcome, logger: Logger) {
        switch outcome {
        case .recorded, .unchanged:
            self.init(status: 204)
        case .ignored(let why):
            logger.debug("status callback ignored", metadata: ["why": "\(why)"])
            self.init(status: 204)
        case .forbidden(let why):
            logger.notice("status callback refused", metadata: ["why": "\(why)"])
            self = .text(403, "invalid or missing X-Twilio-Signature")
        case .badRequest(let why):
            logger.notice("malformed status callback", metadata: ["error": "\(why)"])
            self = .text(400, why)
        case .unavailable:
            self = .text(503, "temporarily unable to record the status; retry")
        }
    }
}
