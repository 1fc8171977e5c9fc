import Foundation
import Logging

/// The reply path of a batch: model call, pending reply persisted before the first send,
/// sends recorded one by one, reconciliation with the provider after a crash, final write.
extension BatchRun {
    /// Where and how the reply goes: through Twilio (WhatsApp, SMS) or as one e-mail.
    enum Delivery {
        case twilio(TwilioDelivery)
        case email(EmailDelivery)

        /// Longest part a reply is split into: Twilio's body limit; an e-mail is never split.
        var partLimit: Int {
            switch self {
            case .twilio: 1600
            case .email: .max
            }
        }
    }

    struct TwilioDelivery {
        var credentials: SenderCredentials
        var company: PhoneNumber
        var user: PhoneNumber
    }

    func reply(optIn: Bool) async throws -> BatchOutcome {
        // A spent budget already told a human: record, answer nothing, tell nobody again.
        if budgetPausedUntil != nil { return try await recordWhilePaused(optIn: optIn) }
        let delivery: Delivery
        let apiKey: String
        do {
            delivery = try await deliverySettings()
            apiKey = try await modelKey()
        } catch {
            return await handleFailure(error, during: "reading configuration")
        }
        guard userTurn != nil else { return .done("empty") }
        let company = await companyRecord()
        if let spent = try await spendBudgets(company: company) { return try await recordOverBudget(spent, optIn: optIn) }
        showTyping(delivery)
        let media = await mediaTurn(for: delivery, apiKey: apiKey)
        if let media { self.userTurn?.content = media.recordText }
        guard let userTurn else { return .done("empty") }
        // A hand-back batch's user turn is the record's newest turns: not history as well.
        let history = try await historyTurns().dropLast(handbackTurns)
        var prompt = PromptBuilder.prompt(
            for: conversation, channel: channel, userTurn: userTurn.content, settings: settings, turns: Array(history))
        prompt.userParts = media?.parts
        var answer: ModelReply
        let asked = now
        do {
            answer = try await ports.model.reply(to: prompt, apiKey: apiKey)
            EngineMetrics.modelCall(took: now.timeIntervalSince(asked), usage: answer.usage)
        } catch {
            EngineMetrics.modelCall(took: now.timeIntervalSince(asked), usage: nil)
            EngineMetrics.modelError(error)
            return await handleFailure(error, during: "model call")
        }
        answer.content = answer.content.trimmingCharacters(in: .whitespacesAndNewlines)
        // Model-written, so bounded before it reaches the record, the notice or any log.
        answer.handOffToHumanReason = answer.handOffToHumanReason.map { String($0.prefix(settings.maxHandoffReasonCharacters)) }
        if answer.content.isEmpty && !answer.handOffToHuman {
            return await handleFailure(BatchFailure.emptyReply, during: "model answer")
        }
        let capped = BatchCaps.parts(
            of: answer.content, settings: settings,
            maxCharacters: company?.map("rate_limits")?.int("max_message_length"), partLimit: delivery.partLimit)
        if capped.content != answer.content {
            logger.notice("reply shortened to the configured limits", metadata: [
                "conversation": "\(key)", "characters": "\(answer.content.count)", "kept": "\(capped.content.count)",
            ])
            answer.content = capped.content
        }
        let pending = PendingReply(
            batchId: batchId, fragmentSids: batchSids, userTurn: userTurn, reply: answer,
            parts: capped.parts, createdAt: now)
        // The same conditional write renews the lease for the sends (the model call may have used
        // much of it): one write to the record instead of two.
        var persist = ConversationUpdate(set: [
            ConversationAttribute.pendingReply: .map(pending.record),
            ConversationAttribute.leaseExpiresAt: .number(String(Timestamp.epochMilliseconds(now.adding(settings.leaseDuration)))),
        ])
        if optIn { persist.set[ConversationAttribute.optedOut] = .bool(false) }
        guard try await ports.conversations.update(key, owner: owner, persist) else { return lostLease("sending the reply") }
        self.pending = pending
        return try await deliver(delivery, reconcile: false)
    }

    /// A previous run persisted a reply and stopped (crash, lost lease, transient send error):
    /// finish that batch first, then schedule whatever arrived since.
    func resume(_ interrupted: PendingReply, fragments: [Fragment]) async throws -> BatchOutcome {
        var interrupted = interrupted
        let inBatch = Set(interrupted.fragmentSids)
        let batch = fragments.filter { inBatch.contains($0.messageSid) }
        // `pending_reply` keeps a bounded copy of the user turn; the staged fragments (pending
        // until the batch is recorded) give it back whole.
        // Not with media: the persisted turn holds the transcripts, which the fragments do not.
        if batch.count == inBatch.count, !batch.contains(where: { !$0.media.isEmpty }), let whole = userTurn(of: batch) {
            interrupted.userTurn = whole
        }
        pending = interrupted
        batchSids = interrupted.fragmentSids
        if interrupted.fragmentSids.isEmpty { handbackBatchId = interrupted.batchId }
        userTurn = interrupted.userTurn
        lastReceivedAt = batch.map(\.receivedAt).max()
        replyThread = Self.replyThread(of: batch)
        let delivery: Delivery
        do {
            delivery = try await deliverySettings()
        } catch {
            return await handleFailure(error, during: "reading configuration")
        }
        let outcome = try await deliver(delivery, reconcile: true)
        if case .done = outcome, fragments.contains(where: { !inBatch.contains($0.messageSid) }) {
            try await scheduler.schedule(key, channel: channel, delay: .zero)
        }
        return outcome
    }

    private func deliver(_ delivery: Delivery, reconcile: Bool) async throws -> BatchOutcome {
        guard var pending else { return .done("empty") }
        if reconcile && !pending.isFullySent {
            switch delivery {
            case .twilio(let twilio):
                let before = pending.sentSids.count
                try await reconcileWithProvider(&pending, twilio)
                if pending.sentSids.count != before {
                    guard try await persist(pending) else { return lostLease("recording reconciled sends") }
                }
            case .email:
                // Nothing to reconcile with: a send that may have happened is never repeated.
                if !pending.nextPartCertainlyUnsent {
                    return await handleFailure(EmailDeliveryFailure.outcomeUnknown(batchId: pending.batchId), during: "resuming the e-mail reply")
                }
            }
        }
        // Right before the first part: a human may have taken over while the model was asked.
        if pending.sentSids.isEmpty, try await humanTookOver() { return try await yieldToHuman() }
        while !pending.isFullySent {
            let body = pending.parts[pending.sentSids.count]
            if pending.nextPartCertainlyUnsent {
                // From here the send may happen: a crash must not find the part marked unsent.
                pending.nextPartCertainlyUnsent = false
                guard try await persist(pending) else { return lostLease("sending the reply again") }
            }
            let sent: SentMessage
            let sending = now
            do {
                sent = try await send(body, via: delivery)
                EngineMetrics.send(took: now.timeIntervalSince(sending))
            } catch {
                EngineMetrics.send(took: now.timeIntervalSince(sending))
                EngineMetrics.sendError(error)
                if case .email = delivery, !((error as? any SendOutcomeReporting)?.mayHaveBeenSent ?? false) {
                    // Certainly not sent: say so, so the retry may send it. If this write fails
                    // the part stays unknown and a human decides: never a duplicate.
                    pending.nextPartCertainlyUnsent = true
                    if (try? await persist(pending)) != true { pending.nextPartCertainlyUnsent = false }
                }
                self.pending = pending
                return await handleFailure(error, during: "sending part \(pending.sentSids.count + 1) of \(pending.parts.count)")
            }
            pending.sentSids.append(sent.sid)
            self.pending = pending
            // The last part's id goes straight into the final write: a crash in between is
            // reconciled with Twilio's message list (e-mail: a human is told), as is a crash
            // between any send and its record.
            if !pending.isFullySent {
                guard try await persist(pending) else { return lostLease("recording the send") }
            }
        }
        return try await complete(pending)
    }

    private func persist(_ pending: PendingReply) async throws -> Bool {
        try await ports.conversations.update(key, owner: owner, ConversationUpdate(set: [ConversationAttribute.pendingReply: .map(pending.record)]))
    }

    /// Parts whose send outcome is unknown are looked up at the provider: a message with the
    /// same body, sent after the pending reply was created and not already in the record, counts
    /// as sent. Matching stops at the first part not found, since parts are sent in order.
    private func reconcileWithProvider(_ pending: inout PendingReply, _ delivery: TwilioDelivery) async throws {
        let known = Set(conversation.messages.map(\.messageId) + pending.sentSids)
        let candidates = try await ports.sender.sentMessages(
            channel: channel, from: delivery.company, to: delivery.user,
            since: pending.createdAt.addingTimeInterval(-30), credentials: delivery.credentials)
            .filter { !known.contains($0.sid) }
            .sorted { ($0.dateCreated ?? .distantPast) < ($1.dateCreated ?? .distantPast) }
        var used = Set<String>()
        while !pending.isFullySent {
            let body = pending.parts[pending.sentSids.count]
            guard let match = candidates.first(where: { !used.contains($0.sid) && $0.body == body }) else { break }
            used.insert(match.sid)
            pending.sentSids.append(match.sid)
        }
    }

    private func complete(_ pending: PendingReply) async throws -> BatchOutcome {
        let answer = pending.reply
        if answer.handOffToHuman {
            try await notify(.modelRequested, detail: answer.handOffToHumanReason)
        }
        // A hand-back batch (no fragments) answers turns the record already holds.
        var entries = pending.fragmentSids.isEmpty ? [] : [pending.userTurn]
        if !pending.parts.isEmpty { entries.append(assistantTurn(for: pending, content: answer.content)) }
        var set = completionAttributes(status: pending.parts.isEmpty ? ConversationStatus.handedOff : ConversationStatus.replySent)
        // Never written back to false once present: a human may have taken over meanwhile.
        if answer.handOffToHuman || conversation.record[ConversationAttribute.handOffToHuman] == nil {
            set[ConversationAttribute.handOffToHuman] = .bool(conversation.handOffToHuman || answer.handOffToHuman)
        }
        let handedOffAt = answer.handOffToHuman ? markHandedOff(&set) : nil
        if answer.handOffToHuman {
            set[ConversationAttribute.handOffToHumanReason] = answer.handOffToHumanReason.map(RecordValue.string) ?? .string("requested by the model")
        }
        set[ConversationAttribute.taskComplete] = .int(answer.taskComplete ? 1 : conversation.taskComplete)
        set[ConversationAttribute.replyProcessingTimeMs] = .int(Int(now.timeIntervalSince(started) * 1000))
        let written = try await complete(
            ConversationUpdate(
                set: set, appendMessages: recordable(entries),
                remove: ConversationUpdate.leaseAttributes
                    + [ConversationAttribute.pendingReply, ConversationAttribute.replyFailureReason, ConversationAttribute.handbackReplyDue]),
            markingDone: pending.fragmentSids, .answered)
        guard written else { return lostLease("recording the reply") }
        if let handedOffAt { await mirrorHandoff(at: handedOffAt) }
        return .done(answer.handOffToHuman ? "answered_and_handed_off" : "answered")
    }

    private func deliverySettings() async throws -> Delivery {
        if channel == .email { return .email(try await emailDelivery()) }
        let config = conversation.channelConfig(for: channel)
        guard let company = config.companyNumber.flatMap(PhoneNumber.init(address:)) else {
            throw BatchFailure.missingConfiguration("channel_config.\(channel.companyNumberConfigKey)")
        }
        guard let secretName = config.credentialsSecretName else {
            throw BatchFailure.missingConfiguration("channel_config.\(channel.credentialsConfigKey)")
        }
        let secret = try await ports.secrets.secret(named: secretName)
        guard let sid = secret["twilio_account_sid"], !sid.isEmpty, let token = secret["twilio_auth_token"], !token.isEmpty else {
            throw BatchFailure.missingConfiguration("twilio_account_sid/twilio_auth_token in secret '\(secretName)'")
        }
        return .twilio(TwilioDelivery(
            credentials: SenderCredentials(accountSid: sid, authToken: token), company: company,
            user: PhoneNumber(e164: key.primaryChannel)))
    }

    private func send(_ body: String, via delivery: Delivery) async throws -> SentMessage {
        switch delivery {
        case .twilio(let twilio):
            let callback = settings.statusCallbackURL.map { StatusCallbackTarget(key: key, sender: .ai).url(base: $0) }
            return try await ports.sender.send(OutboundMessage(
                channel: channel, from: twilio.company, to: twilio.user, body: body, credentials: twilio.credentials,
                statusCallback: callback))
        case .email(let email):
            return try await sendEmail(body, email)
        }
    }

    private func modelKey() async throws -> String {
        guard let reference = conversation.aiConfig.apiKeyReference else {
            throw BatchFailure.missingConfiguration("ai_config.api_key_reference")
        }
        guard let key = try await ports.secrets.secret(named: reference)["ai_api_key"], !key.isEmpty else {
            throw BatchFailure.missingConfiguration("ai_api_key in secret '\(reference)'")
        }
        return key
    }
}

/// Failures the batch path raises itself; all permanent (a human must fix something).
enum BatchFailure: Error, CustomStringConvertible, RetryClassifying {
    case missingConfiguration(String)
    case emptyReply

    var description: String {
        switch self {
        case .missingConfiguration(let what): "the conversation's configuration lacks \(what); fix the record or the secret"
        case .emptyReply: "the model returned an empty reply without asking for a human"
        }
    }

    var retryDisposition: RetryDisposition { .permanent }
}
