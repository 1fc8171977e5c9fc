package import Foundation

/// The conversation's `delivery_status` attribute (docs/DATA.md): what Twilio reported about the
/// engine's own recent messages, kept apart from the append-only `messages` history.
///
/// ```
/// delivery_status = {revision: 3,
///                    messages: {"SM…": {status: "read", sender: "ai", updated_at: "…"}, …},   // newest 20
///                    latest: {sid, status, updated_at},
///                    last_failure: {sid, status, sender, error_code, at}}                  // only after a failure
/// ```
///
/// Every write is a compare-and-set on `revision`
/// (``ConversationStore/compareAndSet(_:attribute:expectedRevision:set:)``): two callbacks racing
/// on one record cannot lose each other's change.
package struct DeliveryLog: Sendable, Hashable {
    package struct Entry: Sendable, Hashable {
        package var status: DeliveryStatus
        package var sender: DeliverySender
        package var errorCode: String?
        package var updatedAt: String
    }

    /// Most message SIDs kept: the record is shared and bounded (DynamoDB's 400 KB item).
    package static let maxMessages = 20

    package var revision: Int?
    package var messages: [String: Entry]
    package var latest: Record?
    package var lastFailure: Record?

    package init(_ value: RecordValue?) {
        let map = value?.mapValue ?? [:]
        revision = map.int("revision")
        latest = map.map("latest")
        lastFailure = map.map("last_failure")
        var messages: [String: Entry] = [:]
        for (sid, entry) in map.map("messages") ?? [:] {
            guard let fields = entry.mapValue, let status = fields.string("status").flatMap(DeliveryStatus.init(rawValue:)) else { continue }
            messages[sid] = Entry(
                status: status, sender: fields.string("sender").flatMap(DeliverySender.init(rawValue:)) ?? .ai,
                errorCode: fields.string("error_code"), updatedAt: fields.string("updated_at") ?? "")
        }
        self.messages = messages
    }

    /// The log after `callback`, or nil when it changes nothing (a repeated or late status).
    package func applying(_ callback: StatusCallback, status: DeliveryStatus, at now: Date) -> DeliveryLog? {
        if let current = messages[callback.messageSid], !current.status.advances(to: status) { return nil }
        var next = self
        let stamp = Timestamp.format(now)
        let entry = Entry(status: status, sender: callback.target.sender, errorCode: callback.errorCode, updatedAt: stamp)
        next.messages[callback.messageSid] = entry
        if next.messages.count > Self.maxMessages {
            // Drop the least recently updated; ties by SID so every backend keeps the same ones.
            let ordered = next.messages.sorted { ($0.value.updatedAt, $0.key) < ($1.value.updatedAt, $1.key) }
            for (sid, _) in ordered.prefix(next.messages.count - Self.maxMessages) { next.messages.removeValue(forKey: sid) }
        }
        next.latest = ["sid": .string(callback.messageSid), "status": .string(status.rawValue), "updated_at": .string(stamp)]
        if status.isFailure {
            var failure: Record = [
                "sid": .string(callback.messageSid), "status": .string(status.rawValue),
                "sender": .string(callback.target.sender.rawValue), "at": .string(stamp),
            ]
            if let code = callback.errorCode { failure["error_code"] = .string(code) }
            next.lastFailure = failure
        }
        next.revision = (revision ?? 0) + 1
        return next
    }

    package var recordValue: RecordValue {
        var messages: Record = [:]
        for (sid, entry) in self.messages {
            var fields: Record = [
                "status": .string(entry.status.rawValue), "sender": .string(entry.sender.rawValue), "updated_at": .string(entry.updatedAt),
            ]
            if let code = entry.errorCode { fields["error_code"] = .string(code) }
            messages[sid] = .map(fields)
        }
        var map: Record = ["revision": .int(revision ?? 0), "messages": .map(messages)]
        if let latest { map["latest"] = .map(latest) }
        if let lastFailure { map["last_failure"] = .map(lastFailure) }
        return .map(map)
    }
}
