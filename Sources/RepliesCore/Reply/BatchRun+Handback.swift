import Foundation
import Logging

/// A batch beside the operator API: the hand-back batch (it answers turns the record already
/// holds), the re-check right before a send (a human may have taken over while the model was
/// asked), and the handoff time the operator inbox sorts by.
extension BatchRun {
    /// Answers the person's turns after the last assistant or operator turn, after a hand-back:
    /// they are this batch's user turn (already recorded, so only the reply is appended).
    func answerAfterHandback() async throws -> BatchOutcome {
        let waiting = ConversationWaiting.unansweredTurns(conversation.messages)
        guard let first = waiting.first else {
            _ = try await ports.conversations.updateAndRelease(
                key, owner: owner,
                ConversationUpdate(
                    set: [ConversationAttribute.status: .string(restoredStatus), ConversationAttribute.updatedAt: .string(Timestamp.format(now))],
                    remove: ConversationUpdate.leaseAttributes + [ConversationAttribute.handbackReplyDue]))
            return .done("handback_nothing_waiting")
        }
        let due = conversation.record.map(ConversationAttribute.handbackReplyDue)?.string("at") ?? Timestamp.format(now)
        handbackBatchId = "handback-" + BatchId.of([key.conversationId, due])
        handbackTurns = waiting.count
        userTurn = MessageEntry(
            messageId: first.messageId, timestamp: first.timestamp, role: .user,
            content: waiting.map(\.content).joined(separator: "\n"))
        return try await reply(optIn: false)
    }

    /// True when a human took the conversation over after this batch read it: checked right
    /// before the first part is sent, so the AI does not talk over the human.
    func humanTookOver() async throws -> Bool {
        guard !conversation.handOffToHuman, let fresh = try await ports.conversations.conversation(key) else { return false }
        return fresh.handOffToHuman
    }

    /// The human took over before anything was sent: the batch's messages are recorded like any
    /// message while a human has the conversation (no notice: the human is already on it).
    func yieldToHuman() async throws -> BatchOutcome {
        var set = completionAttributes(status: ConversationStatus.handedOff)
        _ = markHandedOff(&set)
        let entries = handbackBatchId == nil ? recordable(userTurn.map { [$0] } ?? []) : []
        let written = try await complete(
            ConversationUpdate(
                set: set, appendMessages: entries,
                remove: ConversationUpdate.leaseAttributes + [ConversationAttribute.pendingReply, ConversationAttribute.handbackReplyDue]),
            markingDone: batchSids, .handedOff)
        guard written else { return lostLease("recording the batch a human took over") }
        logger.info("a human took the conversation over before the reply was sent; nothing sent", metadata: ["conversation": "\(key)"])
        return .done("handed_off_before_send")
    }

    /// Sets `handed_off_at` (kept when already there: the inbox orders by the first handoff of
    /// a stretch); returns it.
    func markHandedOff(_ set: inout Record) -> Date {
        if conversation.handOffToHuman, let text = conversation.record.string(ConversationAttribute.handedOffAt), let at = Timestamp.parse(text) {
            return at
        }
        let at = now
        set[ConversationAttribute.handedOffAt] = .string(Timestamp.format(at))
        return at
    }

    /// The operator inbox learns of the handoff; a failure is logged (the record is the truth,
    /// the next batch or operator action writes the entry again).
    func mirrorHandoff(at: Date) async {
        guard let inbox = ports.inbox, let companyId = conversation.companyId else { return }
        do {
            try await inbox.upsert(InboxEntry(companyId: companyId, conversation: key, handedOff: true, handedOffAt: at, updatedAt: now))
        } catch {
            logger.warning("could not update the operator inbox", metadata: ["conversation": "\(key)", "error": "\(error)"])
        }
    }
}
