package import Foundation

/// What an operator reads: the inbox and one conversation.
extension OperatorDesk {
    /// One inbox line, filled from the record (the truth).
    package struct InboxItem: Sendable {
        package var conversation: Conversation
        package var channel: Channel?
        package var handedOff: Bool
        package var handedOffAt: Date
        package var lastMessagePreview: String?
        package var waitingCount: Int
        package var updatedAt: Date
    }

    package struct Inbox: Sendable {
        package var items: [InboxItem]
        package var next: InboxCursor?
    }

    /// The company's handed-off conversations (or all that ever were), newest handoff first.
    /// Entries whose record says otherwise (a crash between the record and the inbox write) are
    /// repaired and, for `handedOffOnly`, left out.
    package func inbox(_ identity: OperatorIdentity, handedOffOnly: Bool, after cursor: InboxCursor?, limit: Int) async throws -> Inbox {
        let page = try await inbox.page(companyId: identity.companyId, handedOffOnly: handedOffOnly, after: cursor, limit: limit)
        var items: [InboxItem] = []
        for entry in page.entries {
            guard let conversation = try await ports.conversations.conversation(entry.conversation),
                  conversation.companyId == identity.companyId
            else { continue }
            if conversation.isWithHuman != entry.handedOff {
                await mirror(conversation, handedOff: conversation.isWithHuman, handedOffAt: entry.handedOffAt)
                if handedOffOnly && !conversation.isWithHuman { continue }
            }
            let messages = conversation.messages
            let staged = try await ports.stage.pendingFragments(conversationId: conversation.key.conversationId)
            items.append(InboxItem(
                conversation: conversation, channel: conversation.channel, handedOff: conversation.isWithHuman,
                handedOffAt: entry.handedOffAt,
                lastMessagePreview: (staged.max { $0.receivedAt < $1.receivedAt }?.body ?? messages.last?.content).map { String($0.prefix(140)) },
                waitingCount: ConversationWaiting.unansweredTurns(messages).count + staged.count,
                updatedAt: entry.updatedAt))
        }
        return Inbox(items: items, next: page.next)
    }

    /// A conversation as the console shows it.
    package struct Detail: Sendable {
        package var conversation: Conversation
        package var channel: Channel?
        package var turns: [ArchivedTurn]
        package var earlierBefore: Int?
        package var staged: [Fragment]
        package var waitingCount: Int
        package var freeFormReplyPossible: Bool
        package var windowClosesAt: Date?
        package var templateAvailable: Bool
    }

    package func conversation(_ key: ConversationKey, by identity: OperatorIdentity, before: Int?, limit: Int) async throws -> Detail {
        let conversation = try await owned(key, by: identity)
        let reader = TranscriptReader(conversations: ports.conversations, archive: ports.archive)
        let page = try await reader.turns(key, before: before, limit: limit) ?? TranscriptPage(turns: [], nextBefore: nil)
        let staged = try await ports.stage.pendingFragments(conversationId: key.conversationId)
            .sorted(by: Fragment.receiveOrder)
        let channel = conversation.channel
        return Detail(
            conversation: conversation, channel: channel, turns: page.turns.reversed(), earlierBefore: page.nextBefore, staged: staged,
            waitingCount: ConversationWaiting.unansweredTurns(conversation.messages).count + staged.count,
            freeFormReplyPossible: channel.map { ConversationWaiting.freeFormPossible(conversation, channel: $0, staged: staged, now: now) } ?? false,
            windowClosesAt: channel.flatMap { ConversationWaiting.windowClosesAt(conversation, channel: $0, staged: staged) },
            templateAvailable: await templateSid(for: conversation) != nil)
    }

    /// `twilio_template_sid` of the conversation's Twilio secret; nil when absent or unreadable.
    func templateSid(for conversation: Conversation) async -> String? {
        guard let channel = conversation.channel, channel != .email,
              let name = conversation.channelConfig(for: channel).credentialsSecretName,
              let sid = try? await ports.secrets.secret(named: name)[Self.templateSecretKey], !sid.isEmpty
        else { return nil }
        return sid
    }

    /// The key of the company's Twilio secret naming the WhatsApp template an operator may send
    /// outside the 24-hour window.
    package static let templateSecretKey = "twilio_template_sid"
}
