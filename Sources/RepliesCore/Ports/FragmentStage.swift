package import Foundation

/// Where inbound fragments wait for their batch (`STAGE_TABLE` / SQLite).
package protocol FragmentStage: Sendable {
    /// Stores a fragment unless its (conversation, SID) is already known.
    func stage(_ fragment: Fragment) async throws -> StageResult

    /// Pending fragments of one conversation (strongly consistent), in ``Fragment/receiveOrder(_:_:)``.
    func pendingFragments(conversationId: String) async throws -> [Fragment]

    /// Marks fragments done: they stop being pending, lose their body, and are remembered until
    /// `retainUntil` so that a late webhook retry of the same SID stays a no-op.
    func markDone(conversationId: String, messageSids: [String], outcome: FragmentOutcome, retainUntil: Date) async throws

    /// True when `messageSid` is staged (pending or done) under any of `conversationIds`: ingest
    /// asks it for the *other* conversations of the same number pair, so a replay routed to a
    /// newer conversation is still recognised.
    func contains(messageSid: String, conversationIds: [String]) async throws -> Bool

    /// Conversations that have a pending fragment received before `receivedBefore`: the sweeper
    /// re-schedules them in case their trigger was lost.
    func conversationsWithPendingFragments(receivedBefore: Date, limit: Int) async throws -> [PendingConversation]
}

/// A conversation that has pending fragments.
package struct PendingConversation: Sendable, Hashable {
    package var key: ConversationKey
    package var channel: Channel

    package init(key: ConversationKey, channel: Channel) {
        self.key = key
        self.channel = channel
    }
}
