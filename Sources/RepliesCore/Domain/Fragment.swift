package import Foundation

/// One inbound message staged until its batch is answered.
///
/// Keyed by (`conversationId`, `messageSid`); staging the same SID twice is a no-op. For e-mail
/// the "SID" is the message's identity (its `Message-ID`).
package struct Fragment: Sendable, Hashable {
    package var conversationId: String
    package var messageSid: String
    package var primaryChannel: String
    package var channel: Channel
    package var body: String
    package var media: [MediaItem]
    /// Millisecond-precision UTC receive time; batches are ordered by it, then by SID.
    package var receivedAt: Date
    /// E-mail only: subject, threading identifiers and whether the message is automatic.
    package var email: EmailThread?
    /// WhatsApp only: a shared location (such a message has no body).
    package var location: SharedLocation?

    package init(
        conversationId: String, messageSid: String, primaryChannel: String, channel: Channel,
        body: String, media: [MediaItem] = [], receivedAt: Date, email: EmailThread? = nil, location: SharedLocation? = nil
    ) {
        self.conversationId = conversationId
        self.messageSid = messageSid
        self.primaryChannel = primaryChannel
        self.channel = channel
        self.body = body
        self.media = media
        self.receivedAt = receivedAt
        self.email = email
        self.location = location
    }

    package var conversationKey: ConversationKey {
        ConversationKey(primaryChannel: primaryChannel, conversationId: conversationId)
    }

    /// Batch order: receive time, then SID (so fragments of the same millisecond stay deterministic).
    package static func receiveOrder(_ lhs: Fragment, _ rhs: Fragment) -> Bool {
        if lhs.receivedAt != rhs.receivedAt { return lhs.receivedAt < rhs.receivedAt }
        return lhs.messageSid < rhs.messageSid
    }
}

/// A media attachment of an inbound message (`MediaUrl{N}` / `MediaContentType{N}`).
package struct MediaItem: Sendable, Hashable, Codable {
    package var url: String
    package var contentType: String
    /// A voice note's transcript, kept with the staged fragment once made (before the model
    /// call), so a retried batch reuses it instead of paying for, and perhaps differing in, a
    /// second transcription.
    package var transcript: String?

    package init(url: String, contentType: String, transcript: String? = nil) {
        self.url = url
        self.contentType = contentType
        self.transcript = transcript
    }
}

/// What happened to a fragment that left the pending state (kept for duplicate detection).
package enum FragmentOutcome: String, Sendable, Hashable {
    case answered
    case handedOff = "handed_off"
    case optedOut = "opted_out"
    case failed
    /// Kept in the record, never answered (an automatic e-mail: auto-reply, bounce).
    case recorded
}

/// Result of staging a fragment.
package enum StageResult: Sendable, Hashable {
    /// Newly stored.
    case staged
    /// Same SID already staged and still waiting for its batch.
    case alreadyPending
    /// Same SID already answered (or handed off); a webhook retry.
    case alreadyDone
}
