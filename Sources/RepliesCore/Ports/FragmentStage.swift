package import Foundation

/// Where inbound fragments wait for their batch (`STAGE_TABLE` / SQLite).
package protocol FragmentStage: Sendable {
    /// Stores a fragment unless its (conversation, SID) is already known.
    func stage(_ fragment: Fragment) async throws -> StageResult

    /// Pending fragments of one conversation (strongly consistent), in ``Fragment/receiveOrder(_:_:)``.
    func pendingFragments(conversationId: String) async throws -> [Fragment]

    /// Marks fragments done: they stop being pending, lose their body, and are remembered until
    /// `retainUntil` so that a late webhook retry of the same SID stays a no-op. The
    /// conversation's sweep count starts again from zero (it made progress).
    func markDone(conversationId: String, messageSids: [String], outcome: FragmentOutcome, retainUntil: Date) async throws

    /// Replaces a pending fragment's media list with the same items plus what the worker learned
    /// about them (a voice note's transcript), so a retried batch reuses it. A fragment that is
    /// not pending (answered meanwhile, or never staged) is left as it is: no error.
    func updateMedia(conversationId: String, messageSid: String, media: [MediaItem]) async throws

    /// True when `messageSid` is staged (pending or done) under any of `conversationIds`: ingest
    /// asks it for the *other* conversations of the same number pair, so a replay routed to a
    /// newer conversation is still recognised.
    func contains(messageSid: String, conversationIds: [String]) async throws -> Bool

    /// Conversations the sweeper should re-schedule now, in case their trigger was lost: they
    /// have a pending fragment received before `receivedBefore` that was not parked, and their
    /// next sweep is due (never swept, or `nextSweepAt` ≤ `now`). Oldest fragment first, at most
    /// `limit`; conversations backing off are skipped, never counted against the limit.
    func conversationsToSweep(receivedBefore: Date, now: Date, limit: Int) async throws -> [PendingConversation]

    /// When the oldest pending fragment that is not parked was received (nil: none), for the
    /// `replies_oldest_pending_age_seconds` gauge. May lag a write by a moment (DynamoDB reads
    /// it from an index).
    func oldestPendingReceivedAt() async throws -> Date?

    /// The sweeper re-scheduled the conversation for the `sweeps`-th time: it is not returned by
    /// ``conversationsToSweep(receivedBefore:now:limit:)`` before `nextSweepAt`.
    func recordSweep(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws

    /// The sweeper gave up on the conversation: its fragments pending now stay pending (a later
    /// batch of the conversation still answers them) but are parked, never returned by
    /// ``conversationsToSweep(receivedBefore:now:limit:)`` again; fragments staged later are,
    /// from `nextSweepAt` on. Records `sweeps` like ``recordSweep(conversationId:sweeps:nextSweepAt:)``.
    func parkPendingFragments(conversationId: String, sweeps: Int, nextSweepAt: Date) async throws
}

/// A conversation that has pending fragments, and how often the sweeper re-scheduled it since
/// its fragments were last marked done.
package struct PendingConversation: Sendable, Hashable {
    package var key: ConversationKey
    package var channel: Channel
    package var sweeps: Int

    package init(key: ConversationKey, channel: Channel, sweeps: Int = 0) {
        self.key = key
        self.channel = channel
        self.sweeps = sweeps
    }
}
