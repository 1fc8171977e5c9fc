import Foundation

/// One inbound message staged until its batch is answered.
///
/// Keyed by (`conversationId`, `messageSid`); staging the same SID twice is a no-op.
public struct Fragment: Sendable, Hashable {
    public var conversationId: String
    public var messageSid: String
    public var primaryChannel: String
    public var channel: Channel
    public var body: String
    public var media: [MediaItem]
    /// Millisecond-precision UTC receive time; batches are ordered by it, then by SID.
    public var receivedAt: Date

    public init(
        conversationId: String, messageSid: String, primaryChannel: String, channel: Channel,
        body: String, media: [MediaItem] = [], receivedAt: Date
    ) {
        self.conversationId = conversationId
        self.messageSid = messageSid
        self.primaryChannel = primaryChannel
        self.channel = channel
        self.body = body
        self.media = media
        self.receivedAt = receivedAt
    }

    public var conversationKey: ConversationKey {
        ConversationKey(primaryChannel: primaryChannel, conversationId: conversationId)
    }

    /// Batch order: receive time, then SID (so fragments of the same millisecond stay deterministic).
    public static func receiveOrder(_ lhs: Fragment, _ rhs: Fragment) -> Bool {
        if lhs.receivedAt != rhs.receivedAt { return lhs.receivedAt < rhs.receivedAt }
        return lhs.messageSid < rhs.messageSid
    }
}

/// A media attachment of an inbound message (`MediaUrl{N}` / `MediaContentType{N}`).
public struct MediaItem: Sendable, Hashable, Codable {
    public var url: String
    public var contentType: String

    public init(url: String, contentType: String) {
        self.url = url
        self.contentType = contentType
    }
}

/// What happened to a fragment that left the pending state (kept for duplicate detection).
public enum FragmentOutcome: String, Sendable, Hashable {
    case answered
    case handedOff = "handed_off"
    case optedOut = "opted_out"
    case failed
}

/// Result of staging a fragment.
public enum StageResult: Sendable, Hashable {
    /// Newly stored.
    case staged
    /// Same SID already staged and still waiting for its batch.
    case alreadyPending
    /// Same SID already answered (or handed off); a webhook retry.
    case alreadyDone
}
