import Foundation
package import Logging

/// Records Twilio's status callbacks for the engine's own messages (`POST /twilio/status`).
///
/// The callback URL the engine gave Twilio names the conversation and who wrote the message
/// (``StatusCallbackTarget``); Twilio signs that whole URL, and the signature is checked with
/// the company number's keys exactly like an inbound webhook's (``SigningKeys``). The record's
/// Twilio secret must be the one that signed. Then the status moves forward in
/// `delivery_status` by compare-and-set (``DeliveryLog``): a repeated or late callback changes
/// nothing. A `failed`/`undelivered` message notifies a human with Twilio's error code (once per
/// SID); for the AI's reply the same write hands the conversation to a human, since the person
/// never got the answer.
///
/// ```swift
/// let tracker = DeliveryTracker(ports: ports, keys: keys, settings: settings, logger: logger)
/// let outcome = await tracker.handle(StatusCallbackRequest(url: url, query: query, fields: fields, signature: signature))
/// ```
package struct DeliveryTracker: Sendable {
    let ports: EnginePorts
    let keys: SigningKeys
    let settings: EngineSettings
    let logger: Logger

    /// Compare-and-set attempts before answering 503 (only concurrent callbacks of one record conflict).
    static let maxAttempts = 5

    package init(ports: EnginePorts, keys: SigningKeys, settings: EngineSettings, logger: Logger) {
        self.ports = ports
        self.keys = keys
        self.settings = settings
        self.logger = logger
    }

    package func handle(_ request: StatusCallbackRequest) async -> StatusCallbackOutcome {
        let outcome: StatusCallbackOutcome
        var statusLabel = "unknown"
        do {
            let callback = try StatusCallback(fields: request.fields, query: request.query)
            statusLabel = callback.status?.rawValue ?? "other"
            outcome = await handle(callback, request)
        } catch {
            outcome = .badRequest(error.description)
        }
        EngineMetrics.statusCallback(status: statusLabel, outcome: outcome)
        return outcome
    }

    private func handle(_ callback: StatusCallback, _ request: StatusCallbackRequest) async -> StatusCallbackOutcome {
        guard let signature = request.signature, !signature.isEmpty else { return .forbidden("no X-Twilio-Signature") }
        let tenant: SigningKeys.Tenant
        switch await keys.authenticate(
            channel: callback.channel, companyNumber: callback.companyNumber, url: request.url, fields: request.fields, signature: signature)
        {
        case .authenticated(let found): tenant = found
        case .refused(let why): return .forbidden(why)
        case .unavailable(let why): return .unavailable(why)
        }
        if let account = callback.accountSid, let expected = tenant.accountSid, account != expected {
            return .forbidden("AccountSid is not the signing secret's account")
        }
        guard let status = callback.status else { return .ignored("status '\(callback.rawStatus)' is not recorded") }
        do {
            return try await record(callback, status: status, tenant: tenant)
        } catch {
            logger.warning("status callback not recorded; Twilio may retry", metadata: ["sid": "\(callback.messageSid)", "error": "\(error)"])
            return .unavailable("\(error)")
        }
    }

    private func record(_ callback: StatusCallback, status: DeliveryStatus, tenant: SigningKeys.Tenant) async throws -> StatusCallbackOutcome {
        let key = callback.target.key
        var notified = false
        for _ in 0..<Self.maxAttempts {
            guard let conversation = try await ports.conversations.conversation(key) else { return .ignored("unknown conversation") }
            let config = conversation.channelConfig(for: callback.channel)
            guard config.credentialsSecretName == tenant.secretName,
                  config.companyNumber.flatMap(PhoneNumber.init(address:))?.value == callback.companyNumber
            else {
                logger.notice("status callback for a conversation of another number or secret", metadata: [
                    "conversation": "\(key)", "company_number": "\(PhoneNumber.mask(callback.companyNumber))"])
                return .ignored("the conversation is not this number's")
            }
            let log = DeliveryLog(conversation.record[ConversationAttribute.deliveryStatus])
            guard let next = log.applying(callback, status: status, at: ports.clock.now()) else { return .unchanged }
            var set: Record = [ConversationAttribute.deliveryStatus: next.recordValue]
            let handingOff = status.isFailure && callback.target.sender == .ai && !conversation.handOffToHuman
            if handingOff { set.merge(handoffAttributes(callback, status: status)) { $1 } }
            if status.isFailure && !notified {
                // Before the write: a notice is never lost; a retry after a failed write repeats
                // it with the same batch_id, which consumers drop (docs/DATA.md).
                try await notify(callback, status: status, conversation: conversation)
                notified = true
            }
            switch try await ports.conversations.compareAndSet(
                key, attribute: ConversationAttribute.deliveryStatus, expectedRevision: log.revision, set: set)
            {
            case .written:
                if handingOff { await mirrorHandoff(conversation) }
                logger.info("delivery status recorded", metadata: [
                    "conversation": "\(key)", "sid": "\(callback.messageSid)", "status": "\(status.rawValue)",
                    "error_code": "\(callback.errorCode ?? "-")"])
                return .recorded(status)
            case .conflict: continue
            case .missing: return .ignored("unknown conversation")
            }
        }
        return .unavailable("the record kept changing; retry")
    }

    private func handoffAttributes(_ callback: StatusCallback, status: DeliveryStatus) -> Record {
        let at = Timestamp.format(ports.clock.now())
        return [
            ConversationAttribute.handOffToHuman: .bool(true),
            ConversationAttribute.handOffToHumanReason: .string(describe(callback, status: status)),
            ConversationAttribute.status: .string(ConversationStatus.handedOff),
            ConversationAttribute.handedOffAt: .string(at),
            ConversationAttribute.handedOffBy: .string("delivery_status"),
            ConversationAttribute.updatedAt: .string(at),
        ]
    }

    private func describe(_ callback: StatusCallback, status: DeliveryStatus) -> String {
        let who = callback.target.sender == .ai ? "the AI's reply" : "a staff message"
        return "Twilio reported \(who) \(callback.messageSid) \(status.rawValue) (error code \(callback.errorCode ?? "none"))"
    }

    private func notify(_ callback: StatusCallback, status: DeliveryStatus, conversation: Conversation) async throws {
        let notice = HandoffNotice(
            reason: .deliveryFailed, detail: describe(callback, status: status), conversation: conversation, channel: callback.channel,
            messageSids: [callback.messageSid], batchId: "delivery-" + callback.messageSid, createdAt: ports.clock.now()
        ).linked(to: settings.consoleURL)
        try await ports.handoff.notify(notice)
        EngineMetrics.handoff(.deliveryFailed)
    }

    private func mirrorHandoff(_ conversation: Conversation) async {
        guard let inbox = ports.inbox, let companyId = conversation.companyId else { return }
        let now = ports.clock.now()
        do {
            try await inbox.upsert(InboxEntry(companyId: companyId, conversation: conversation.key, handedOff: true, handedOffAt: now, updatedAt: now))
        } catch {
            logger.warning("could not update the operator inbox", metadata: ["conversation": "\(conversation.key)", "error": "\(error)"])
        }
    }
}

/// A status callback as the route received it.
package struct StatusCallbackRequest: Sendable {
    /// The public URL Twilio requested (`PUBLIC_BASE_URL/twilio/status?…`), as signed.
    package var url: String
    package var query: String?
    package var fields: [FormField]
    package var signature: String?

    package init(url: String, query: String?, fields: [FormField], signature: String?) {
        self.url = url
        self.query = query
        self.fields = fields
        self.signature = signature
    }
}
