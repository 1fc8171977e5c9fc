import Foundation
import Logging

/// Flow 1 for e-mail: authenticate the post from the company address alone (the tenant's
/// SendGrid verification key), find the conversation on `company-email-recipient-email-index`,
/// stage the new text as a fragment keyed by the message's identity, schedule the batch.
extension Ingest {
    /// Most recipient addresses tried when authenticating one post (a person's mail to the
    /// company has one or two; a post listing hundreds must not cost hundreds of lookups).
    static let maxEmailRecipients = 5

    package func handle(email: some InboundEmailPost) async -> IngestOutcome {
        let outcome = await decide(email)
        report(outcome, channel: .email, what: "e-mail", metadata: ["from": "\(email.sender.map(EmailAddressForms.masked) ?? "-")"])
        return outcome
    }

    private func decide(_ email: some InboundEmailPost) async -> IngestOutcome {
        guard !email.identity.isEmpty else { return .badRequest("the e-mail has no identity") }
        let now = ports.clock.now()
        let isSigned: SigningKeys.SignedBy = { secret in email.isSigned(bySecret: secret, now: now) }

        // Authenticated from a company address alone, before any (company, person) pair is read.
        let addresses = email.recipients.flatMap(EmailAddressForms.lookupForms)
        var authenticated: (tenant: SigningKeys.Tenant, company: String)?
        for address in uniqued(addresses).prefix(Self.maxEmailRecipients) {
            switch await signingKeys.authenticate(channel: .email, companyNumber: address, isSigned: isSigned) {
            case .authenticated(let tenant): authenticated = (tenant, address)
            case .refused: continue
            case .unavailable(let why): return .unavailable(why)
            }
            break
        }
        guard let (tenant, company) = authenticated else {
            return .forbidden("no recipient's SendGrid verification key validates the post (or it is unsigned or stale)")
        }
        guard let sender = email.sender, !sender.isEmpty else { return .badRequest("the e-mail has no sender") }

        var candidates: [Conversation] = []
        do {
            for form in EmailAddressForms.lookupForms(sender) where candidates.isEmpty {
                candidates = try await ports.conversations.findConversations(channel: .email, companyNumber: company, userNumber: form)
            }
        } catch {
            return .unavailable("conversation lookup failed: \(error)")
        }
        return await store(
            candidates: candidates, channel: .email, messageSid: email.identity, tenant: tenant,
            verifyOwnSecret: { keys, name in await keys.verify(channel: .email, secretName: name, isSigned: isSigned) }
        ) { conversation, receivedAt in
            var own = [company]
            if let from = tenant.senderAddress { own.append(from) }
            if let configured = conversation.channelConfig(for: .email).companyNumber { own.append(configured) }
            var thread = email.thread
            thread.automatic = email.automaticReasons(ownAddresses: own)
            var body = email.userTurn(previousSubject: conversation.emailSubject)
            if thread.isAutomatic {
                body = "[Automatic e-mail, recorded and not answered: \(thread.automatic.joined(separator: ", "))]\n" + body
            }
            return Fragment(
                conversationId: conversation.key.conversationId, messageSid: email.identity,
                primaryChannel: conversation.key.primaryChannel, channel: .email,
                body: body, receivedAt: receivedAt, email: thread)
        }
    }

    private func uniqued(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
