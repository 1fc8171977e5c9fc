import AWSCore
import Foundation
import RepliesCore

/// The stage table's item layout (`STAGE_TABLE`: PK `conversation_id`, SK `message_sid`).
///
/// Pending: keys, `state = pending`, `primary_channel`, `channel`, `body`, `media` (``mediaValue(_:)``),
/// `received_at` (ISO, ms) and `received_at_ms` (N), `email` for e-mail (``emailValue(_:)``),
/// `location` for a shared location (``locationValue(_:)``), plus `pending_partition = pending`, which
/// with `received_at_ms` keys the sparse GSI the sweeper reads. No `expires_at`: TTL never
/// removes a message nobody answered. Done: keys, `state` (the outcome) and `expires_at`
/// (N, epoch seconds, the TTL attribute) only; the body is gone. A pending fragment the sweeper
/// gave up on loses `pending_partition` (parked: out of the index, still pending). The sweeper's
/// own item per conversation is described at ``sweepSid``.
enum StageItem {
    static let conversationId = "conversation_id"
    static let messageSid = "message_sid"
    static let state = "state"
    static let pendingState = "pending"
    static let expiresAt = "expires_at"
    static let receivedAtMs = "received_at_ms"
    static let pendingPartition = "pending_partition"
    /// Sparse GSI over pending fragments: HASH `pending_partition`, RANGE `received_at_ms`.
    static let pendingIndex = "pending-fragments-index"

    static func key(_ conversationId: String, _ sid: String) -> DynamoDBItem {
        [Self.conversationId: .s(conversationId), messageSid: .s(sid)]
    }

    static func pending(_ fragment: Fragment) -> DynamoDBItem {
        var item = key(fragment.conversationId, fragment.messageSid)
        item[state] = .s(pendingState)
        item[pendingPartition] = .s(pendingState)
        item["primary_channel"] = .s(fragment.primaryChannel)
        item["channel"] = .s(fragment.channel.rawValue)
        item["body"] = .s(fragment.body)
        item[media] = mediaValue(fragment.media)
        item["received_at"] = .s(Timestamp.format(fragment.receivedAt))
        item[receivedAtMs] = .n(String(EpochTime.milliseconds(fragment.receivedAt)))
        if let email = fragment.email { item[emailThread] = emailValue(email) }
        if let place = fragment.location { item[location] = locationValue(place) }
        return item
    }

    /// `media` (L of M): `url`, `content_type`, and `transcript` once a voice note has one.
    static let media = "media"

    static func mediaValue(_ items: [MediaItem]) -> AttributeValue {
        .l(items.map { item in
            var map: [String: AttributeValue] = ["url": .s(item.url), "content_type": .s(item.contentType)]
            if let transcript = item.transcript { map["transcript"] = .s(transcript) }
            return .m(map)
        })
    }

    static func mediaItems(_ value: AttributeValue?) -> [MediaItem] {
        guard case .l(let entries)? = value else { return [] }
        var items: [MediaItem] = []
        for case .m(let entry) in entries {
            if let url = entry["url"]?.stringValue {
                items.append(MediaItem(
                    url: url, contentType: entry["content_type"]?.stringValue ?? "", transcript: entry["transcript"]?.stringValue))
            }
        }
        return items
    }

    /// A shared location: `location` (M) with `latitude` and `longitude` (S: the decimal text of
    /// the number, exact both ways, never in exponent form that N might not take), `address` and
    /// `label` (S, absent when Twilio sent none).
    static let location = "location"

    static func locationValue(_ place: SharedLocation) -> AttributeValue {
        var map: [String: AttributeValue] = ["latitude": .s(String(place.latitude)), "longitude": .s(String(place.longitude))]
        if let address = place.address { map["address"] = .s(address) }
        if let label = place.label { map["label"] = .s(label) }
        return .m(map)
    }

    static func location(_ value: AttributeValue?) -> SharedLocation? {
        guard case .m(let map)? = value,
              let latitude = map["latitude"]?.stringValue.flatMap(Double.init),
              let longitude = map["longitude"]?.stringValue.flatMap(Double.init) else { return nil }
        return SharedLocation(latitude: latitude, longitude: longitude, address: map["address"]?.stringValue, label: map["label"]?.stringValue)
    }

    /// E-mail fragments: `email` (M) with `subject`, `message_id` (absent without one),
    /// `references` and `automatic` (L of S).
    static let emailThread = "email"

    static func emailValue(_ thread: EmailThread) -> AttributeValue {
        var map: [String: AttributeValue] = [
            "subject": .s(thread.subject),
            "references": .l(thread.references.map(AttributeValue.s)),
            "automatic": .l(thread.automatic.map(AttributeValue.s)),
        ]
        if let id = thread.messageID { map["message_id"] = .s(id) }
        return .m(map)
    }

    static func emailThread(_ value: AttributeValue?) -> EmailThread? {
        guard case .m(let map)? = value else { return nil }
        let strings: (String) -> [String] = { name in
            guard case .l(let items)? = map[name] else { return [] }
            return items.compactMap(\.stringValue)
        }
        return EmailThread(
            subject: map["subject"]?.stringValue ?? "", messageID: map["message_id"]?.stringValue,
            references: strings("references"), automatic: strings("automatic"))
    }

    static func done(_ conversationId: String, _ sid: String, outcome: FragmentOutcome, retainUntil: Date) -> DynamoDBItem {
        var item = key(conversationId, sid)
        item[state] = .s(outcome.rawValue)
        item[expiresAt] = .n(String(EpochTime.secondsRoundedUp(retainUntil)))
        return item
    }

    static func isPending(_ item: DynamoDBItem) -> Bool { item[state]?.stringValue == pendingState }

    // The sweeper's per-conversation item: SK `#sweep` (never a Twilio SID), `state = sweep`,
    // `sweeps` (N), `next_sweep_at_ms` (N) and `expires_at`; not pending, so never in the index.
    static let sweepSid = "#sweep"
    static let sweepState = "sweep"
    static let sweeps = "sweeps"
    static let nextSweepAtMs = "next_sweep_at_ms"

    /// Nil for items that are not readable pending fragments.
    static func fragment(_ item: DynamoDBItem) -> Fragment? {
        guard isPending(item),
              let conversation = item[conversationId]?.stringValue, let sid = item[messageSid]?.stringValue,
              let primary = item["primary_channel"]?.stringValue,
              let channel = item["channel"]?.stringValue.flatMap(Channel.init(rawValue:)),
              let received = item[receivedAtMs]?.int64Value.map(EpochTime.date(milliseconds:))
                ?? item["received_at"]?.stringValue.flatMap(Timestamp.parse)
        else { return nil }
        return Fragment(
            conversationId: conversation, messageSid: sid, primaryChannel: primary, channel: channel,
            body: item["body"]?.stringValue ?? "", media: mediaItems(item[media]), receivedAt: received,
            email: emailThread(item[emailThread]), location: location(item[location]))
    }
}
