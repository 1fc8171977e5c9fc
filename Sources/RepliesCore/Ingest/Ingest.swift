import Foundation
package import Logging

/// Flow 1: takes one inbound message (a Twilio webhook, or an e-mail post: ``handle(email:)``)
/// from "parsed" to "safely stored and scheduled".
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
    /// Shared by every request this instance handles: its cache is what keeps authentication cheap.
    /// Shared with ``DeliveryTracker``: one cache of signing keys per process.
    package let signingKeys: SigningKeys

    package init(ports: EnginePorts, settings: EngineSettings, logger: Logger) {
        self.ports = ports
        self.settings = settings
        self.logger = logger
        self.scheduler = BatchScheduler(locks: ports.locks, queue: ports.queue, clock: ports.clock, settings: settings)
        self.signingKeys = SigningKeys(ports: ports, settings: settings, logger: logger)
    }

    package func handle(_ webhook: InboundWebhook) async -> IngestOutcome {
        let outcome = await decide(webhook)
        let user = InboundUser.kind(of: webhook.message)
        report(outcome, channel: webhook.channel, what: "webhook", metadata: [
            "message_sid": "\(webhook.message.messageSid)",
            "from": "\(PhoneNumber(address: webhook.message.from)?.masked ?? "-")",
            "user_id": "\(user.rawValue)",
        ])
        // Counted apart: how many users write without a number, and how many of them no record matched.
        if user == .username || user == .usernameWithWaId { EngineMetrics.usernameWebhook(user: user, outcome: outcome) }
        return outcome
    }

    /// Counts the outcome and logs it at the level it deserves, with the reason when there is one.
    func report(_ outcome: IngestOutcome, channel: Channel, what: String, metadata: Logger.Metadata) {
        EngineMetrics.webhook(channel: channel, outcome: outcome)
        var metadata = metadata
        metadata["outcome"] = "\(outcome.label)"
        switch outcome {
        case .accepted, .duplicate:
            logger.info("\(what) handled", metadata: metadata)
        case .unknownConversation, .rejected, .badRequest:
            if case .rejected(let why) = outcome { metadata["reason"] = "\(why)" }
            if case .badRequest(let why) = outcome { metadata["reason"] = "\(why)" }
            logger.notice("\(what) not stored", metadata: metadata)
        case .forbidden(let why):
            metadata["reason"] = "\(why)"
            logger.warning("\(what) signature rejected", metadata: metadata)
        case .misconfigured(let why), .unavailable(let why):
            metadata["reason"] = "\(why)"
            logger.error("\(what) could not be stored", metadata: metadata)
        }
    }

    private func decide(_ webhook: InboundWebhook) async -> IngestOutcome {
        let message = webhook.message
        // Refused before any read: a request that does not even claim to be signed costs nothing.
        guard let signature = webhook.signature, !signature.isEmpty else { return .forbidden("X-Twilio-Signature is missing") }
        guard !message.messageSid.isEmpty else { return .badRequest("MessageSid is missing") }
        guard let user = InboundUser.number(of: message) else { return .badRequest("From is missing") }
        guard let company = PhoneNumber(address: message.to) else { return .badRequest("To is missing") }

        // Authenticate from the company number alone, before the pair is looked up: every
        // unauthenticated request gets the same answer, whoever the user is (no oracle).
        let tenant: SigningKeys.Tenant
        switch await signingKeys.authenticate(webhook, companyNumber: company.value, signature: signature) {
        case .authenticated(let found): tenant = found
        case .refused(let why): return .forbidden(why)
        case .unavailable(let why): return .unavailable(why)
        }
        // The signature does not separate fields, so the account is checked as a value too.
        guard let account = tenant.accountSid else {
            return .misconfigured("secret '\(tenant.secretName)' has no twilio_account_sid")
        }
        guard message.accountSid == account else { return .forbidden("AccountSid is not the signing tenant's account") }

        let makeFragment: @Sendable (Conversation, Date) -> Fragment = { conversation, receivedAt in
            Fragment(
                conversationId: conversation.key.conversationId, messageSid: message.messageSid,
                primaryChannel: conversation.key.primaryChannel, channel: webhook.channel,
                body: message.body, media: message.media, receivedAt: receivedAt, location: message.location)
        }
        if let commits = ports.ingestCommits,
           let outcome = await lookUpAndStage(
               commits, channel: webhook.channel, companyNumber: company.value, userNumber: user.value,
               messageSid: message.messageSid, tenant: tenant, makeFragment: makeFragment) {
            return outcome
        }

        let candidates: [Conversation]
        do {
            candidates = try await ports.conversations.findConversations(
                channel: webhook.channel, companyNumber: company.value, userNumber: user.value)
        } catch {
            return .unavailable("conversation lookup failed: \(error)")
        }
        return await store(
            candidates: candidates, channel: webhook.channel, messageSid: message.messageSid, tenant: tenant,
            verifyOwnSecret: { keys, name in await keys.verify(webhook, secretName: name, signature: signature) },
            makeFragment: makeFragment)
    }

    /// Which conversation a message goes to once its signature is checked against the tenant
    /// that signed it.
    enum Choice {
        case chosen(Conversation)
        /// Chosen, but its own secret differs from the signing tenant's: it must match too.
        case verify(Conversation, secretName: String)
        case answer(IngestOutcome)
    }

    static func choose(_ candidates: [Conversation], channel: Channel, tenant: SigningKeys.Tenant) -> Choice {
        guard let conversation = ConversationSelection.choose(candidates) else { return .answer(.unknownConversation) }
        // The conversation's own tenant must have signed it (a number shared by two secrets).
        guard let secretName = conversation.channelConfig(for: channel).credentialsSecretName else {
            return .answer(.misconfigured("conversation \(conversation.key) has no channel_config.\(channel.credentialsConfigKey)"))
        }
        return secretName == tenant.secretName ? .chosen(conversation) : .verify(conversation, secretName: secretName)
    }

    /// The pair's other conversations: a replay routed to a newer conversation is still a replay.
    static func others(than conversation: Conversation, in candidates: [Conversation]) -> [String] {
        candidates.map(\.key.conversationId).filter { $0 != conversation.key.conversationId }
    }

    func companyDirectoryFailed(_ error: any Error) {
        logger.warning("company directory unavailable; using the conversation's snapshot", metadata: ["error": "\(error)"])
    }

    /// The steps after authentication that every channel shares: choose the conversation, check
    /// its own secret signed the request, apply the project rules, recognise a replay, stage the
    /// fragment `makeFragment` builds and schedule its batch.
    func store(
        candidates: [Conversation], channel: Channel, messageSid: String, tenant: SigningKeys.Tenant,
        verifyOwnSecret: (SigningKeys, String) async -> SigningKeys.Authentication,
        makeFragment: (Conversation, Date) -> Fragment
    ) async -> IngestOutcome {
        let conversation: Conversation
        switch Self.choose(candidates, channel: channel, tenant: tenant) {
        case .answer(let outcome):
            return outcome
        case .chosen(let chosen):
            conversation = chosen
        case .verify(let chosen, let secretName):
            switch await verifyOwnSecret(signingKeys, secretName) {
            case .authenticated: conversation = chosen
            case .refused(let why): return .forbidden(why)
            case .unavailable(let why): return .unavailable(why)
            }
        }

        if let refusal = Self.refusal(for: conversation, channel: channel, company: await liveCompany(of: conversation)) {
            return .rejected(refusal)
        }

        let others = Self.others(than: conversation, in: candidates)
        if !others.isEmpty {
            do {
                if try await ports.stage.contains(messageSid: messageSid, conversationIds: others) { return .duplicate }
            } catch {
                return .unavailable("checking earlier conversations for this message failed: \(error)")
            }
        }

        // Millisecond precision, as every stage stores it: ordering must not differ by backend.
        let fragment = makeFragment(conversation, Timestamp.date(epochMilliseconds: Timestamp.epochMilliseconds(ports.clock.now())))
        if let commits = ports.ingestCommits {
            // Stage, lock and trigger in one commit (the embedded backend).
            let now = ports.clock.now()
            let delay = settings.batchWindow(for: channel)
            do {
                let staged = try await commits.stageAndSchedule(
                    fragment, key: conversation.key, channel: channel, now: now, delay: delay,
                    lockExpiresAt: scheduler.lockExpiry(now: now, delay: delay))
                return staged == .alreadyDone ? .duplicate : .accepted
            } catch {
                return .unavailable("staging or scheduling failed: \(error)")
            }
        }
        do {
            switch try await ports.stage.stage(fragment) {
            case .alreadyDone:
                return .duplicate
            case .staged, .alreadyPending:
                // A pending duplicate schedules again: its first attempt may have failed to enqueue.
                try await scheduler.schedule(conversation.key, channel: channel, delay: settings.batchWindow(for: channel))
                return .accepted
            }
        } catch {
            return .unavailable("staging or scheduling failed: \(error)")
        }
    }

    /// The company's live record, when there is a directory; on failure, nil (the conversation's
    /// snapshot is used), logged.
    private func liveCompany(of conversation: Conversation) async -> Record? {
        guard let directory = ports.companies, let companyId = conversation.companyId, let projectId = conversation.projectId else {
            return nil
        }
        do {
            return try await directory.company(companyId: companyId, projectId: projectId)
        } catch {
            companyDirectoryFailed(error)
            return nil
        }
    }

    /// Project and channel rules; the live company record (when there is one) wins over the
    /// conversation's snapshot.
    static func refusal(for conversation: Conversation, channel: Channel, company: Record?) -> String? {
        var projectStatus = conversation.projectStatus
        var allowed = conversation.allowedChannels
        if let company {
            projectStatus = company.string("project_status") ?? projectStatus
            if company["allowed_channels"] != nil { allowed = company.strings("allowed_channels") }
        }
        if projectStatus != "active" { return "project is not active (\(conversation.projectStatusDescription(checked: projectStatus)))" }
        if !allowed.contains(channel.rawValue) { return "channel \(channel.rawValue) is not in allowed_channels" }
        return nil
    }
}
