package import Foundation
package import RepliesCore

/// ``FragmentStage`` in memory.
package actor InMemoryFragmentStage: FragmentStage {
    private struct Entry {
        var fragment: Fragment
        var outcome: FragmentOutcome?
        var retainUntil: Date?
    }

    private var entries: [String: [String: Entry]] = [:]

    package init() {}

    package func stage(_ fragment: Fragment) async throws -> StageResult {
        if let existing = entries[fragment.conversationId]?[fragment.messageSid] {
            return existing.outcome == nil ? .alreadyPending : .alreadyDone
        }
        entries[fragment.conversationId, default: [:]][fragment.messageSid] = Entry(fragment: fragment)
        return .staged
    }

    package func pendingFragments(conversationId: String) async throws -> [Fragment] {
        (entries[conversationId] ?? [:]).values.filter { $0.outcome == nil }.map(\.fragment).sorted(by: Fragment.receiveOrder)
    }

    package func markDone(conversationId: String, messageSids: [String], outcome: FragmentOutcome, retainUntil: Date) async throws {
        for sid in messageSids {
            guard var entry = entries[conversationId]?[sid] else { continue }
            entry.outcome = outcome
            entry.retainUntil = retainUntil
            entry.fragment.body = ""
            entry.fragment.media = []
            entries[conversationId]?[sid] = entry
        }
    }

    package func contains(messageSid: String, conversationIds: [String]) async throws -> Bool {
        conversationIds.contains { entries[$0]?[messageSid] != nil }
    }

    package func conversationsWithPendingFragments(receivedBefore: Date, limit: Int) async throws -> [PendingConversation] {
        var found: [PendingConversation] = []
        for (_, fragments) in entries.sorted(by: { $0.key < $1.key }) {
            if let stale = fragments.values.first(where: { $0.outcome == nil && $0.fragment.receivedAt < receivedBefore }) {
                found.append(PendingConversation(key: stale.fragment.conversationKey, channel: stale.fragment.channel))
            }
            if found.count >= limit { break }
        }
        return found
    }

    /// Every known SID with its outcome (nil while pending), for test assertions.
    package func allOutcomes(conversationId: String) -> [String: FragmentOutcome?] {
        (entries[conversationId] ?? [:]).mapValues(\.outcome)
    }
}
