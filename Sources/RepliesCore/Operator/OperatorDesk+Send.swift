import Foundation
import Logging

/// A human's reply, exactly once per (company, idempotency key): stored as pending before the
/// provider is called, its SID stored after, the operator turn recorded once (by SID); a retry
/// after a crash reconciles with the provider's list of sent messages instead of sending again.
extension OperatorDesk {
    package enum SendRequest: Sendable, Hashable {
        case text(String)
        case template(variables: [String: String])

        /// The request as compared between retries of one key.
        var fingerprint: String {
            switch self {
            case .text(let text): "text:" + text
            case .template(let variables):
                "template:" + variables.keys.sorted().map { "\($0)=\(variables[$0] ?? "")" }.joined(separator: "\u{1F}")
            }
        }
    }

    package struct SendResult: Sendable, Hashable {
        package var turn: MessageEntry
        package var position: Int?
        /// True when the request repeated one already done: nothing was sent.
        package var replayed: Bool
    }

    package func send(
        _ request: SendRequest, to key: ConversationKey, idempotencyKey: String, by identity: OperatorIdentity
    ) async throws -> SendResult {
        let conversation = try await owned(key, by: identity)
        guard let channel = conversation.channel else { throw OperatorError.channelUnsupported(conversation.channelMethod ?? "unknown") }
        guard channel != .email else { throw OperatorError.channelUnsupported("email") }
        if case .text(let text) = request, text.utf16.count > 1600 || text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw OperatorError.invalidRequest("text must have 1 to 1600 characters (UTF-16 units, as Twilio counts)")
        }
        let start = now
        var send = OperatorSend(
            companyId: identity.companyId, idempotencyKey: idempotencyKey, conversation: key, fingerprint: request.fingerprint,
            content: "", operatorName: identity.name, createdAt: start, attemptExpiresAt: start.addingTimeInterval(Self.attemptLease))
        switch try await sends.claim(send, now: start) {
        case .claimed:
            break
        case .finished(let done):
            // A retry of a finished send is answered as it was, whatever changed since.
            guard done.fingerprint == send.fingerprint, done.conversation == key else { throw OperatorError.idempotencyKeyReused }
            return try await record(done, replayed: true)
        case .busy(let running):
            guard running.fingerprint == send.fingerprint, running.conversation == key else { throw OperatorError.idempotencyKeyReused }
            throw OperatorError.idempotencyKeyInProgress
        case .resumed(let interrupted):
            guard interrupted.fingerprint == send.fingerprint, interrupted.conversation == key else { throw OperatorError.idempotencyKeyReused }
            send = interrupted
            send.attemptExpiresAt = start.addingTimeInterval(Self.attemptLease)
            if !send.content.isEmpty {
                // The content was stored, so the provider may have been called: look there first.
                let delivery = try await released(send) { try await deliverySettings(conversation, channel: channel) }
                if let sid = try await reconcile(send, conversation, delivery, channel: channel) {
                    send.sid = sid
                    send.state = .sent
                    try await sends.save(send)
                    return try await record(send, replayed: false)
                }
            }
        }
        let delivery = try await released(send) { try await deliverySettings(conversation, channel: channel) }
        let message = try await released(send) { try await outbound(request, conversation, delivery, channel: channel) }
        return try await deliver(&send, message)
    }

    /// Runs a check before the send; when it refuses, the key is freed (nothing was sent).
    private func released<T>(_ send: OperatorSend, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as OperatorError {
            try? await sends.delete(companyId: send.companyId, idempotencyKey: send.idempotencyKey)
            throw error
        }
    }

    private func deliver(_ send: inout OperatorSend, _ message: OutboundMessage) async throws -> SendResult {
        // Persisted before the provider is called: a retry after a crash reconciles by it.
        send.content = message.template.map { "[template \($0.sid)]" + Self.describe($0.variables) } ?? message.body
        try await sends.save(send)
        let sent: SentMessage
        do {
            sent = try await ports.sender.send(message)
        } catch {
            let maybeSent = (error as? any SendOutcomeReporting)?.mayHaveBeenSent ?? (RetryDisposition.of(error) != .permanent)
            if maybeSent {
                // The next retry reconciles at once instead of waiting out the attempt.
                send.attemptExpiresAt = now
                try? await sends.save(send)
                throw OperatorError.sendUncertain(detail: "\(error)")
            }
            try? await sends.delete(companyId: send.companyId, idempotencyKey: send.idempotencyKey)
            throw OperatorError.sendFailed(providerCode: (error as? any ProviderErrorCoded)?.providerCode, detail: "\(error)")
        }
        send.sid = sent.sid
        send.state = .sent
        try await sends.save(send)
        return try await record(send, replayed: false)
    }

    /// Appends the operator turn (once per SID), marks the send recorded, mirrors the inbox.
    private func record(_ send: OperatorSend, replayed: Bool) async throws -> SendResult {
        guard let sid = send.sid else { throw OperatorError.sendUncertain(detail: "no provider id recorded") }
        let turn = MessageEntry(
            messageId: sid, timestamp: Timestamp.format(send.createdAt), role: .operator, content: send.content,
            operatorName: send.operatorName)
        let identity = OperatorIdentity(companyId: send.companyId, name: send.operatorName)
        if send.state != .recorded {
            let update = ConversationUpdate(
                set: [ConversationAttribute.updatedAt: .string(Timestamp.format(now))],
                appendMessages: [turn.cut(toBytes: settings.recordTurnMaxBytes)])
            switch try await ports.conversations.operatorUpdate(send.conversation, update, recordingSid: sid) {
            case .written: log("message", send.conversation, identity, ["sid": "\(sid)"])
            case .alreadyRecorded: break
            case .missing: throw OperatorError.notFound
            }
            var recorded = send
            recorded.state = .recorded
            try await sends.save(recorded)
        }
        let conversation = try await ports.conversations.conversation(send.conversation)
        if let conversation, conversation.handOffToHuman { await mirror(conversation, handedOff: true, handedOffAt: nil) }
        let position = conversation?.tail.first { $0.message?.messageId == sid && $0.message?.role == .operator }?.position
        return SendResult(turn: turn, position: position, replayed: replayed)
    }

    /// A send whose attempt was interrupted: the provider's message with the same body (text),
    /// or any unknown one (template), sent since it was created and not yet in the record.
    private func reconcile(_ send: OperatorSend, _ conversation: Conversation, _ delivery: OperatorDelivery, channel: Channel) async throws -> String? {
        let known = Set(conversation.messages.map(\.messageId) + (conversation.record.strings(ConversationAttribute.operatorMessageSids)))
        let candidates = try await ports.sender.sentMessages(
            channel: channel, from: delivery.company, to: delivery.user, since: send.createdAt.addingTimeInterval(-30),
            credentials: delivery.credentials)
            .filter { !known.contains($0.sid) }
            .sorted { ($0.dateCreated ?? .distantPast) < ($1.dateCreated ?? .distantPast) }
        let isTemplate = send.fingerprint.hasPrefix("template:")
        return candidates.first { isTemplate || $0.body == send.content }?.sid
    }

    struct OperatorDelivery {
        var credentials: SenderCredentials
        var company: PhoneNumber
        var user: PhoneNumber
        var templateSid: String?
    }

    private func deliverySettings(_ conversation: Conversation, channel: Channel) async throws -> OperatorDelivery {
        let config = conversation.channelConfig(for: channel)
        guard let company = config.companyNumber.flatMap(PhoneNumber.init(address:)), let secretName = config.credentialsSecretName else {
            throw OperatorError.sendFailed(providerCode: nil, detail: "the conversation's channel_config names no company number or Twilio secret")
        }
        let secret = try await ports.secrets.secret(named: secretName)
        guard let sid = secret["twilio_account_sid"], !sid.isEmpty, let token = secret["twilio_auth_token"], !token.isEmpty else {
            throw OperatorError.sendFailed(providerCode: nil, detail: "the company's Twilio secret lacks twilio_account_sid/twilio_auth_token")
        }
        return OperatorDelivery(
            credentials: SenderCredentials(accountSid: sid, authToken: token), company: company,
            user: PhoneNumber(e164: conversation.key.primaryChannel), templateSid: secret[Self.templateSecretKey].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The message to send, after the checks the provider would fail: the WhatsApp window for
    /// free-form text, a template that exists.
    private func outbound(_ request: SendRequest, _ conversation: Conversation, _ delivery: OperatorDelivery, channel: Channel) async throws -> OutboundMessage {
        var message = OutboundMessage(
            channel: channel, from: delivery.company, to: delivery.user, body: "", credentials: delivery.credentials,
            statusCallback: settings.statusCallbackURL.map { StatusCallbackTarget(key: conversation.key, sender: .staff).url(base: $0) })
        switch request {
        case .text(let text):
            let staged = try await ports.stage.pendingFragments(conversationId: conversation.key.conversationId)
            guard ConversationWaiting.freeFormPossible(conversation, channel: channel, staged: staged, now: now) else {
                throw OperatorError.windowClosed(templateAvailable: delivery.templateSid != nil)
            }
            message.body = text
        case .template(let variables):
            guard let sid = delivery.templateSid else { throw OperatorError.templateUnavailable }
            message.template = ContentTemplate(sid: sid, variables: variables)
        }
        return message
    }

    static func describe(_ variables: [String: String]) -> String {
        variables.isEmpty ? "" : " " + variables.keys.sorted().map { "{{\($0)}}=\(variables[$0] ?? "")" }.joined(separator: ", ")
    }
}
