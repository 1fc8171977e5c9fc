package import Foundation
package import RepliesCore

/// ``FragmentStage`` in memory.
package actor InMemoryFragmentStage: FragmentStage {
    private struct Entry {
        var fragment: Fragment
        var outcome: FragmentOutcome?
        var retainUntil: Date?
        /// The sweeper gave up on it; still pending.
        var parked = false
    }

    private struct Sweep {
        var sweeps: Int
        var nextSweepAt: Date
    }

    private var entries: [String: [String: Entry]] = [:]
    private var sweeps: [String: Sweep] = [:]

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
            entry.fragment.location = nil
            entries[conversationId]?[sid] = entry
        }
        sweeps.removeValue(forKey: conversationId)
    }

    package func updateMedia(conversationId: String, messageSid: String, media: [MediaItem]) async throws {
        guard var entry = entries[conversationId]?[messageSid], entry.outcome == nil else { return }
        entry.fragment.media = media
        entries[conversationId]?[messageSid] = entry
    }

    package func contains(messageSid: String, conversationIds: [String]) async throws -> Bool {
        conversationIds.contains { entries[$0]?[messageSid] != nil }
    }

    package func conversationsToSweep(receivedBefore: Date, now: Date, limit: Int) async throws -> [PendingConversation] {
        var found: [(oldest: Date, conversation: PendingConversation)] = []
        for (id, fragments) in entries {
            if let sweep = sweeps[id], sweep.nextSweepAt > now { continue }
            let stale = fragments.values
                .filter { $0.outcome == nil && !$0.parked && $0.fragment.receivedAt < receivedBefore }
                .min { Fragment.receiveOrder($0.fragment, $1.fragment) }
            guard let stale else { continue }
            let conversation = PendingConversation(
                key: stale.fragment.conversationKey, channel: stale.fragment.channel, sweeps: sweeps[id]?.sweeps ?? 0)
            found.append((stale.fragment.receivedAt, conversation))
        }
        return found
            .sorted { $0.oldest != $1.oldest ? $0.oldest < $1.oldest : $0.conversation.key.conversationId < $1.conversation.key.conversationId }
            .prefix(max(0, limit)).map(\.conversation)
    }

    package func oldestPendingReceivedAt() async throws -> Date? {
        entries.values.flatMap(\.values).filter { $0.outcome == nil && !$0.parked }.map(\.fragment.receivedAt).min()
    }

    package func recordSweep(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws {
        self.sweeps[conversationId] = Sweep(sweeps: sweeps, nextSweepAt: nextSweepAt)
    }

    package func parkPendingFragments(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws {
        for (sid, entry) in entries[conversationId] ?? [:] where entry.outcome == nil {
            entries[conversationId]?[sid]?.parked = true
        }
        self.sweeps[conversationId] = Sweep(sweeps: sweeps, nextSweepAt: nextSweepAt)
    }

    /// Every known SID with its outcome (nil while pending), for test assertions.
    package func allOutcomes(conversationId: String) -> [String: FragmentOutcome?] {
        (entries[conversationId] ?? [:]).mapValues(\.outcome)
    }
}
