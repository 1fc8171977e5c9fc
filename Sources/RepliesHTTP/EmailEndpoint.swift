package import Logging
package import RepliesCore
package import SendGrid

/// `POST /email`: SendGrid Inbound Parse posts (`multipart/form-data`, signed by the Parse
/// setting's security policy). Parses the post within ``InboundParseLimits`` and hands it to
/// ``Ingest/handle(email:)``, which checks the signature before anything is stored.
///
/// ```swift
/// var router = HTTPRouter(logger: logger)
/// router.addEmail(EmailEndpoint(ingest: ingest, logger: logger))
/// ```
package struct EmailEndpoint: Sendable {
    let ingest: Ingest
    let limits: InboundParseLimits
    let logger: Logger
    /// Debug only (`DEBUG_OUTCOME_HEADER`): answers say what ingest decided (``DebugOutcome``).
    let exposesOutcome: Bool

    package init(ingest: Ingest, limits: InboundParseLimits = .standard, logger: Logger, exposesOutcome: Bool = false) {
        self.ingest = ingest
        self.limits = limits
        self.logger = logger
        self.exposesOutcome = exposesOutcome
    }

    package func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let signature = request.headers[InboundParseSignature.signatureHeader]
        let timestamp = request.headers[InboundParseSignature.timestampHeader]
        // Refused before parsing: an unsigned post costs nothing.
        guard let signature, !signature.isEmpty, let timestamp, !timestamp.isEmpty else {
            return respond(.forbidden("the post is not signed (\(InboundParseSignature.signatureHeader) or the timestamp is missing)"))
        }
        let post: InboundParsePost
        do {
            post = try InboundParsePost(bytes: request.body, contentType: request.headers["Content-Type"] ?? "", limits: limits)
        } catch {
            logger.notice("malformed Inbound Parse post", metadata: ["error": "\(error)"])
            return .text(error.httpStatus, "\(error)")
        }
        let outcome = await ingest.handle(email: SignedInboundPost(post: post, body: request.body, signature: signature, timestamp: timestamp))
        return respond(outcome)
    }

    private func respond(_ outcome: IngestOutcome) -> HTTPResponse {
        var response = HTTPResponse(email: outcome)
        if exposesOutcome { DebugOutcome(outcome, signedURL: "-").annotate(&response) }
        return response
    }
}

extension HTTPResponse {
    /// SendGrid drops a post answered 2xx or 4xx and retries 5xx for up to 72 hours: so 200
    /// whenever the message was kept or deliberately not answered, 403/400 for posts that can
    /// never succeed, and 5xx when the engine (or the tenant's configuration) failed, so that
    /// SendGrid keeps the e-mail until it is fixed.
    package init(email outcome: IngestOutcome) {
        switch outcome {
        case .accepted, .duplicate, .unknownConversation, .rejected:
            self.init(status: 200, contentType: "text/plain; charset=utf-8", body: "")
        case .forbidden:
            self = .text(403, "invalid, missing or stale Inbound Parse signature")
        case .badRequest(let why):
            self = .text(400, why)
        case .misconfigured:
            self = .text(500, "this address is not configured correctly; see the server log")
        case .unavailable:
            self = .text(503, "temporarily unable to store the message; retry")
        }
    }
}

extension HTTPRouter {
    /// `POST /email`, with the body limit of ``InboundParseLimits/maxBodyBytes`` (413 beyond).
    package mutating func addEmail(_ endpoint: EmailEndpoint) {
        add(.post, Channel.email.webhookPath, maxBodyBytes: endpoint.limits.maxBodyBytes) { request in
            await endpoint.handle(request)
        }
    }
}
