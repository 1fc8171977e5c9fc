/// What a batch gets, decided under the lease from the fresh record (a flag set by the previous
/// batch's model answer counts even for fragments staged before it).
public enum BatchDisposition: Sendable, Hashable {
    case reply(optIn: Bool)
    case handoff(HandoffNotice.Reason, detail: String?)
    case optOut
    case afterOptOut
}

public enum BatchRules {
    public static func disposition(for conversation: Conversation, fragments: [Fragment], settings: EngineSettings) -> BatchDisposition {
        let keywords = fragments.map { $0.body.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() }
        let optIn = conversation.optedOut && keywords.contains(where: settings.optInKeywords.contains)
        if keywords.contains(where: settings.optOutKeywords.contains) { return .optOut }
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
        return .reply(optIn: optIn)
    }
}

import Foundation
