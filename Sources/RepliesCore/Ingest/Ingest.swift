package import Foundation
package import Logging
package import Metrics

/// Flow 1: takes one Twilio webhook from "parsed" to "safely stored and scheduled".
///
/// It never talks to the model or the sender: decisions that write to the conversation
/// (opt-out, handoff, replies) are made by ``BatchProcessor`` under the reply lease.
///
/// ```swift
/// let ingest = Ingest(ports: ports, settings: settings, logger: logger)
/// switch await ingest.handle(webhook) { case .accepted: … }
/// ```
package struct Ingest: Sendable {
    let ports: EnginePorts
    let settings: EngineSettings
    let logger: Logger
    let scheduler: BatchScheduler

    package init(ports: EnginePorts, settings: EngineSettings, logger: Logger) {
        self.ports = ports
        self.settings = settings
        self.logger = logger
        self.scheduler = BatchScheduler(locks: ports.locks, queue: ports.queue, clock: ports.clock, settings: settings)
    }

    package func handle(_ webhook: InboundWebhook) async -> IngestOutcome {
        let outcome = await decide(webhook)
        Counter(label: "replies_ingest_total", dimensions: [("channel", webhook.channel.rawValue), ("outcome", outcome.label)]).increment()
        var metadata: Logger.Metadata = [
            "outcome": "\(outcome.label)",
            "message_sid": "\(webhook.message.messageSid)",
            "from": "\(PhoneNumber(address: webhook.message.from)?.masked ?? "-")",
        ]
        switch outcome {
        case .accepted, .duplicate:
            logger.info("webhook handled", metadata: metadata)
        case .unknownConversation, .rejected, .badRequest:
            if case .rejected(let why) = outcome { metadata["reason"] = "\(why)" }
            if case .badRequest(let why) = outcome { metadata["reason"] = "\(why)" }
            logger.notice("webhook not stored", metadata: metadata)
        case .forbidden(let why):
            metadata["reason"] = "\(why)"
            logger.warning("webhook signature rejected", metadata: metadata)
        case .misconfigured(let why), .unavailable(let why):
            metadata["reason"] = "\(why)"
            logger.error("webhook could not be stored", metadata: metadata)
        }
        return outcome
    }

    private func decide(_ webhook: InboundWebhook) async -> IngestOutcome {
        let message = webhook.message
        guard !message.messageSid.isEmpty else { return .badRequest("MessageSid is missing") }
        guard let user = PhoneNumber(address: message.from) else { return .badRequest("From is missing") }
        guard let company = PhoneNumber(address: message.to) else { return .badRequest("To is missing") }

        let candidates: [Conversation]
        do {
            candidates = try await ports.conversations.findConversations(
                channel: webhook.channel, companyNumber: company.value, userNumber: user.value)
        } catch {
            return .unavailable("conversation lookup failed: \(error)")
        }
        guard let conversation = ConversationSelection.choose(candidates) else { return .unknownConversation }

        // Authenticate before anything else is read or written for this tenant.
        guard let secretName = conversation.channelConfig(for: webhook.channel).credentialsSecretName else {
            return .misconfigured("conversation \(conversation.key) has no channel_config.\(webhook.channel.credentialsConfigKey)")
        }
        let token: String
        do {
            guard let value = try await ports.secrets.secret(named: secretName)["twilio_auth_token"], !value.isEmpty else {
                return .misconfigured("secret '\(secretName)' has no twilio_auth_token")
            }
            token = value
        } catch {
            if case .transient = RetryDisposition.of(error) { return .unavailable("\(error)") }
            return .misconfigured("\(error)")
        }
        guard let signature = webhook.signature, !signature.isEmpty else { return .forbidden("X-Twilio-Signature is missing") }
        guard ports.verifier.isValid(url: webhook.url, fields: webhook.fields, signature: signature, authToken: token) else {
            return .forbidden("X-Twilio-Signature does not match")
        }

        if let refusal = await refusal(for: conversation, channel: webhook.channel) { return .rejected(refusal) }

        let fragment = Fragment(
            conversationId: conversation.key.conversationId,
            messageSid: message.messageSid,
            primaryChannel: conversation.key.primaryChannel,
            channel: webhook.channel,
            body: message.body,
            media: message.media,
            // Millisecond precision, as every stage stores it: ordering must not differ by backend.
            receivedAt: Timestamp.date(epochMilliseconds: Timestamp.epochMilliseconds(ports.clock.now()))
        )
        do {
            switch try await ports.stage.stage(fragment) {
            case .alreadyDone:
                return .duplicate
            case .staged, .alreadyPending:
                // A pending duplicate schedules again: its first attempt may have failed to enqueue.
                try await scheduler.schedule(conversation.key, channel: webhook.channel, delay: settings.batchWindow)
                return .accepted
            }
        } catch {
            return .unavailable("staging or scheduling failed: \(error)")
        }
    }

    /// Project and channel rules; the live company record wins over the conversation's snapshot.
    private func refusal(for conversation: Conversation, channel: Channel) async -> String? {
        var projectStatus = conversation.projectStatus
        var allowed = conversation.allowedChannels
        if let directory = ports.companies, let companyId = conversation.companyId, let projectId = conversation.projectId {
            do {
                if let company = try await directory.company(companyId: companyId, projectId: projectId) {
                    projectStatus = company.string("project_status") ?? projectStatus
                    if company["allowed_channels"] != nil { allowed = company.strings("allowed_channels") }
                }
            } catch {
                logger.warning("company directory unavailable; using the conversation's snapshot", metadata: ["error": "\(error)"])
            }
        }
        if projectStatus != "active" { return "project is not active (\(conversation.projectStatusDescription(checked: projectStatus)))" }
        if !allowed.contains(channel.rawValue) { return "channel \(channel.rawValue) is not in allowed_channels" }
        return nil
    }
}
