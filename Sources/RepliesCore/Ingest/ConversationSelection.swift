import Foundation

/// Chooses the conversation an inbound message belongs to when several records match the
/// (company number, user number) pair: the most recent usable one, deterministically.
package enum ConversationSelection {
    /// Skips records the template sender marked `failed_*`; picks the latest `created_at`
    /// (malformed or missing dates sort first), ties broken by the larger `conversation_id`.
    package static func choose(_ candidates: [Conversation]) -> Conversation? {
        candidates
            .filter { !$0.isFailedByTemplateSender }
            .max { lhs, rhs in
                let left = lhs.createdAt ?? .distantPast
                let right = rhs.createdAt ?? .distantPast
                if left != right { return left < right }
                return lhs.key.conversationId < rhs.key.conversationId
            }
    }
}
