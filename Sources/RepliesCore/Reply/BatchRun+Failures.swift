import Foundation
import Logging

/// How a batch ends when something fails: transient failures are retried with backoff;
/// permanent ones, and transient ones that used up their attempts, are reported to a human and
/// recorded. When even that record cannot be written for good, the batch still ends.
extension BatchRun {
    /// Transient failures are retried with backoff; permanent ones, and transient ones that
    /// used up their attempts, are reported to a human and recorded: never silence.
    func handleFailure(_ error: any Error, during step: String) async -> BatchOutcome {
        let reason = "\(step): \(error)"
        // Already answered and recorded: the next run cleans up (last_reply_batch); no human is needed.
        if recorded { return .retry(after: settings.retryDelay(attempt: attempt), reason: reason) }
        if case .transient(let suggested) = RetryDisposition.of(error), attempt < settings.maxAttempts {
            try? await release(status: statusWhileRetrying)
            return .retry(after: settings.retryDelay(attempt: attempt, suggested: suggested), reason: reason)
        }
        do {
            return try await failPermanently(reason)
        } catch {
            return await endUnrecordable(reason, recordingError: error)
        }
    }

    /// `retry` says a batch of this conversation's messages will run again. A run that failed
    /// before taking any (cleaning up after an answered batch, reading the stage) leaves the
    /// status as it found it: otherwise an answered conversation would show `retry` for good once
    /// the next run finds nothing to do.
    var statusWhileRetrying: String {
        batchSids.isEmpty ? restoredStatus : ConversationStatus.retry
    }

    func failPermanently(_ reason: String) async throws -> BatchOutcome {
        guard !batchSids.isEmpty else {
            try await release(status: restoredStatus)
            return .deadLetter(reason: reason)
        }
        try await notify(.replyFailed, detail: String(reason.prefix(300)))
        var set = completionAttributes(status: ConversationStatus.replyFailed)
        set[ConversationAttribute.replyFailureReason] = .string(String(reason.prefix(300)))
        var entries = userTurn.map { [$0] } ?? []
        if let pending, !pending.sentSids.isEmpty {
            entries.append(assistantTurn(for: pending, content: pending.parts.prefix(pending.sentSids.count).joined(separator: "\n")))
        }
        let written = try await complete(
            ConversationUpdate(
                set: set, appendMessages: recordable(entries),
                remove: ConversationUpdate.leaseAttributes + [ConversationAttribute.pendingReply]),
            markingDone: batchSids, .failed)
        guard written else { return lostLease("recording the failure") }
        return .deadLetter(reason: reason)
    }

    /// Recording the failure failed too. A transient error leaves the fragments pending: the
    /// sweeper schedules the conversation again later, backing off. A permanent one (the record
    /// refuses the write: too large, malformed, a notice the queue refuses) would fail the same
    /// way on every run, a model call each time, so the batch ends here: the record gets the
    /// failure without the batch's turns, and the fragments are marked failed.
    func endUnrecordable(_ reason: String, recordingError: any Error) async -> BatchOutcome {
        let summary = "\(reason); recording the failure failed too: \(recordingError)"
        if recorded { return .retry(after: settings.retryDelay(attempt: attempt), reason: summary) }
        guard case .permanent = RetryDisposition.of(recordingError), !batchSids.isEmpty else {
            try? await release(status: statusWhileRetrying)
            return .deadLetter(reason: summary)
        }
        let written = try? await ports.conversations.updateAndRelease(
            key, owner: owner,
            ConversationUpdate(
                set: [
                    ConversationAttribute.status: .string(ConversationStatus.replyFailed),
                    ConversationAttribute.updatedAt: .string(Timestamp.format(now)),
                    ConversationAttribute.replyFailureReason: .string(String(summary.prefix(300))),
                ],
                remove: ConversationUpdate.leaseAttributes + [ConversationAttribute.pendingReply]))
        if written != true { try? await release(status: ConversationStatus.replyFailed) }
        do {
            try await markDone(batchSids, .failed)
        } catch {
            return .deadLetter(reason: "\(summary); marking its messages failed: \(error)")
        }
        logger.error("a failed batch could not be recorded; its messages were marked failed without their turns", metadata: [
            "conversation": "\(key)", "messages": "\(batchSids.count)",
        ])
        return .deadLetter(reason: "\(summary); its messages were marked failed without recording their turns")
    }
}
