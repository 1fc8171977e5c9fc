/// What a batch gets, decided under the lease from the fresh record (a flag set by the previous
/// batch's model answer counts even for fragments staged before it).
package enum BatchDisposition: Sendable, Hashable {
    case reply(optIn: Bool)
    case handoff(HandoffNotice.Reason, detail: String?)
    case optOut
    case afterOptOut
    /// Only automatic e-mail (auto-replies, bounces): recorded, nobody answers or is told.
    case recordOnly
}

package enum BatchRules {
    package static func disposition(for conversation: Conversation, fragments: [Fragment], settings: EngineSettings) -> BatchDisposition {
        if !fragments.isEmpty, fragments.allSatisfy({ $0.email?.isAutomatic == true }) { return .recordOnly }
        let optIn = isOptIn(conversation: conversation, fragments: fragments, settings: settings)
        if keywords(fragments).contains(where: settings.optOutKeywords.contains) { return .optOut }
        if conversation.optedOut && !optIn { return .afterOptOut }
        if conversation.handOffToHuman {
            return .handoff(.conversationHandedOff, detail: conversation.handOffToHumanReason)
        }
        if conversation.autoQueueReplyMessage { return .handoff(.autoQueueReplyMessage, detail: nil) }
        // As the original engine: the number list alone routes to a human, even with the flag false.
        if let tel = conversation.recipientTel ?? Optional(conversation.key.primaryChannel),
           conversation.autoQueueReplyFromNumbers.contains(tel) {
            return .handoff(.autoQueueReplyFromNumber, detail: nil)
        }
        // The same list for e-mail conversations, by address (compared lower-cased).
        if conversation.channel == .email {
            let address = (conversation.record.nonEmptyString(Channel.email.userAttribute) ?? conversation.key.primaryChannel).lowercased()
            if conversation.record.strings("auto_queue_reply_message_from_email").contains(where: { $0.lowercased() == address }) {
                return .handoff(.autoQueueReplyFromNumber, detail: "auto_queue_reply_message_from_email")
            }
        }
        return .reply(optIn: optIn)
    }

    /// An opted-out user sent an opt-in keyword (START, UNSTOP).
    package static func isOptIn(conversation: Conversation, fragments: [Fragment], settings: EngineSettings) -> Bool {
        conversation.optedOut && keywords(fragments).contains(where: settings.optInKeywords.contains)
    }

    /// Whole-message keywords: trimmed and upper-cased bodies.
    static func keywords(_ fragments: [Fragment]) -> [String] {
        fragments.map { $0.body.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() }
    }
}

import Foundation
