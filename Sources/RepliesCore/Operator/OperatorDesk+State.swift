import Foundation
import Logging

/// Take-over and hand-back.
extension OperatorDesk {
    package struct StateChange: Sendable, Hashable {
        package var handedOff: Bool
        package var changed: Bool
        /// Hand-back: the person's turns the AI now answers.
        package var answering: Int
    }

    /// A human takes over: `hand_off_to_human` is set at once, so the next batch records the
    /// person's messages without answering, and a batch already waiting for the model sees it
    /// right before it sends. Taking over a conversation a human has changes nothing.
    package func handOff(_ key: ConversationKey, reason: String, by identity: OperatorIdentity) async throws -> StateChange {
        let conversation = try await owned(key, by: identity)
        if conversation.handOffToHuman {
            await mirror(conversation, handedOff: true, handedOffAt: nil)
            return StateChange(handedOff: true, changed: false, answering: 0)
        }
        let at = now
        let update = ConversationUpdate(
            set: [
                ConversationAttribute.handOffToHuman: .bool(true),
                ConversationAttribute.handOffToHumanReason: .string(String(reason.prefix(settings.maxHandoffReasonCharacters))),
                ConversationAttribute.status: .string(ConversationStatus.handedOff),
                ConversationAttribute.handedOffAt: .string(Timestamp.format(at)),
                ConversationAttribute.handedOffBy: .string(identity.name),
                ConversationAttribute.updatedAt: .string(Timestamp.format(at)),
            ],
            remove: [ConversationAttribute.handbackReplyDue])
        guard try await ports.conversations.operatorUpdate(key, update, recordingSid: nil) == .written else { throw OperatorError.notFound }
        log("handoff", key, identity)
        await mirror(conversation, handedOff: true, handedOffAt: at)
        return StateChange(handedOff: true, changed: true, answering: 0)
    }

    /// The AI resumes. The rule: the person's turns after the last assistant or operator turn
    /// were left unanswered, and the next batch answers them with the whole transcript (it is
    /// scheduled now, and finds `handback_reply_due`). Giving back a conversation the AI has
    /// changes nothing.
    package func handBack(_ key: ConversationKey, note: String?, by identity: OperatorIdentity) async throws -> StateChange {
        let conversation = try await owned(key, by: identity)
        guard conversation.isWithHuman else {
            await mirror(conversation, handedOff: false, handedOffAt: nil)
            return StateChange(handedOff: false, changed: false, answering: 0)
        }
        let at = now
        let staged = try await ports.stage.pendingFragments(conversationId: key.conversationId)
        let waiting = ConversationWaiting.unansweredTurns(conversation.messages).count
        var due: Record = ["at": .string(Timestamp.format(at)), "by": .string(identity.name), "waiting": .int(waiting)]
        if let note, !note.isEmpty { due["note"] = .string(String(note.prefix(1000))) }
        let update = ConversationUpdate(set: [
            ConversationAttribute.handOffToHuman: .bool(false),
            ConversationAttribute.status: .string(ConversationStatus.handedBack),
            ConversationAttribute.handedBackAt: .string(Timestamp.format(at)),
            ConversationAttribute.handedBackBy: .string(identity.name),
            // Always set: a batch recording a message right now (it began while a human had the
            // conversation) leaves a turn this read did not see; the next batch looks again.
            ConversationAttribute.handbackReplyDue: .map(due),
            ConversationAttribute.updatedAt: .string(Timestamp.format(at)),
        ])
        guard try await ports.conversations.operatorUpdate(key, update, recordingSid: nil) == .written else { throw OperatorError.notFound }
        log("handback", key, identity, ["waiting": "\(waiting)"])
        await mirror(conversation, handedOff: false, handedOffAt: nil)
        if let channel = conversation.channel {
            do {
                try await scheduler.schedule(key, channel: channel, delay: .zero)
            } catch {
                // The flag stays: the batch of the person's next message answers them too.
                logger.warning("could not schedule the hand-back batch; the next batch answers", metadata: [
                    "conversation": "\(key)", "error": "\(error)"])
            }
        }
        return StateChange(handedOff: false, changed: true, answering: waiting + staged.count)
    }
}
