import Foundation
import Logging
package import RepliesCore

/// The durable delay queue of the embedded backend: ``TriggerQueue`` for ingest and
/// ``TriggerSource`` for the `serve` worker, on one `triggers` table for both channels.
///
/// Each row has a `visible_at_ms`; `receive` claims due rows in one transaction (hiding them for
/// the visibility timeout, counting the delivery, issuing a fresh receipt) and otherwise sleeps
/// until the next row is due, an enqueue wakes it, or the wait ends — re-checking at least every
/// second so rows written by another process are seen too.
///
/// ```swift
/// try await backend.queue.enqueue(Trigger(key), channel: .whatsapp, delay: .seconds(10))
/// for delivery in try await backend.queue.receive(max: 1, wait: .seconds(20), visibility: .seconds(120)) {
///     try await backend.queue.complete(delivery)
/// }
/// ```
package struct SQLiteDelayQueue: TriggerQueue, TriggerSource {
    static let table = "triggers"
    /// The longest single sleep of `receive`.
    static let maxPause: Duration = .seconds(1)

    let database: EmbeddedDatabase
    let clock: any WallClock
    /// What `receive` sleeps on between looks at the table (a test clock in tests).
    let timer: any Clock<Duration>
    let signal: WakeSignal

    init(database: EmbeddedDatabase, clock: any WallClock, timer: any Clock<Duration>) {
        self.database = database
        self.clock = clock
        self.timer = timer
        self.signal = WakeSignal()
    }

    package func enqueue(_ trigger: Trigger, channel: Channel, delay: Duration) async throws {
        let now = EpochMillis.of(clock.now())
        try await database.transaction { try Self.enqueue(trigger, channel: channel, now: now, delay: delay, $0) }
        await wake(visibleAt: now + delay.wholeMilliseconds)
    }

    /// Inserts the delayed trigger inside the caller's transaction (who then calls
    /// ``wake(visibleAt:)`` with `now + delay`).
    static func enqueue(_ trigger: Trigger, channel: Channel, now: Int64, delay: Duration, _ sql: SQLSession) throws {
        try sql.run(
            "INSERT INTO triggers (id, channel, body, enqueued_at_ms, visible_at_ms) VALUES (?, ?, ?, ?, ?)",
            [
                .text(UUID().uuidString), .text(channel.rawValue), .text(trigger.encodedBody()),
                .integer(now.sqlite), .integer((now + delay.wholeMilliseconds).sqlite),
            ]
        )
    }

    /// Wakes a `receive` waiting in this process after a trigger was enqueued — unless the trigger
    /// becomes visible no sooner than ``maxPause`` from now. Every receiver claims again within
    /// ``maxPause`` of its last claim, and any claim made before this enqueue committed was made
    /// before now, so that next claim finds the trigger before it is due and sleeps until it.
    /// Skipping the wake matters under load: every webhook enqueues a trigger delayed by the
    /// batch window, and each wake cost a claim transaction on the writer.
    func wake(visibleAt: Int64) async {
        guard visibleAt - EpochMillis.of(clock.now()) < Self.maxPause.wholeMilliseconds else { return }
        await signal.notify()
    }

    package func receive(max: Int, wait: Duration, visibility: Duration) async throws -> [TriggerDelivery] {
        guard max > 0 else { return [] }
        let deadline = EpochMillis.of(clock.now()) + wait.wholeMilliseconds
        while true {
            let seen = await signal.generation
            let now = EpochMillis.of(clock.now())
            let (claimed, nextDue) = try await claim(max: max, now: now, visibility: visibility)
            if !claimed.isEmpty { return claimed }
            guard now < deadline else { return [] }
            try Task.checkCancellation()
            var until = Swift.min(deadline, now + Self.maxPause.wholeMilliseconds)
            if let nextDue { until = Swift.min(until, nextDue) }
            try await pause(for: .milliseconds(Swift.max(1, until - now)), unlessSignalledAfter: seen)
        }
    }

    /// Does not wait for the disk (``Durability/withNextSyncedCommit``): the batch's own writes
    /// were synced before it, and a deletion lost with the power only brings the trigger back
    /// once its visibility ends — a batch that finds nothing to answer.
    package func complete(_ delivery: TriggerDelivery) async throws {
        try await settle(delivery, "DELETE FROM triggers WHERE receipt = ?", [.text(delivery.receipt)], durability: .withNextSyncedCommit)
    }

    package func retry(_ delivery: TriggerDelivery, after delay: Duration) async throws {
        let visibleAt = EpochMillis.of(clock.now()) + delay.wholeMilliseconds
        try await settle(
            delivery, "UPDATE triggers SET visible_at_ms = ?, receipt = NULL WHERE receipt = ?",
            [.integer(visibleAt.sqlite), .text(delivery.receipt)]
        )
        await signal.notify()
    }

    package func extend(_ delivery: TriggerDelivery, by visibility: Duration) async throws {
        let visibleAt = EpochMillis.of(clock.now()) + visibility.wholeMilliseconds
        try await settle(
            delivery, "UPDATE triggers SET visible_at_ms = ? WHERE receipt = ?", [.integer(visibleAt.sqlite), .text(delivery.receipt)]
        )
    }

    package func deadLetter(_ delivery: TriggerDelivery, reason: String) async throws {
        let now = EpochMillis.sqlite(clock.now())
        try await database.transaction { sql in
            try sql.run(
                """
                INSERT OR REPLACE INTO dead_letters (id, channel, body, enqueued_at_ms, receive_count, reason, dead_lettered_at_ms)
                SELECT id, channel, body, enqueued_at_ms, receive_count, ?, ? FROM triggers WHERE receipt = ?
                """,
                [.text(reason), now, .text(delivery.receipt)]
            )
            guard sql.changes() == 1 else { throw EmbeddedStoreError.staleReceipt(delivery.receipt) }
            try sql.run("DELETE FROM triggers WHERE receipt = ?", [.text(delivery.receipt)])
        }
    }

    /// Triggers moved aside by ``deadLetter(_:reason:)``, oldest first.
    package func deadLetters(limit: Int = 100) async throws -> [DeadLetteredTrigger] {
        try await database.read { sql in
            try sql.rows("SELECT * FROM dead_letters ORDER BY dead_lettered_at_ms, id LIMIT ?", [.integer(limit)])
                .map(DeadLetteredTrigger.init(row:))
        }
    }

    /// Triggers waiting or in flight (not dead-lettered).
    package func count() async throws -> Int {
        try await database.read { sql in
            try sql.rows("SELECT count(*) AS n FROM triggers").first?.column("n")?.integer ?? 0
        }
    }

    /// Claims up to `max` due rows at `now` (epoch ms); when none is due, also returns when the
    /// next row will be.
    ///
    /// The claim does not wait for the disk (``Durability/withNextSyncedCommit``): one lost with
    /// the power leaves the trigger visible with one receive fewer counted, so it is delivered
    /// again — which every consumer handles (the reply lease), as with any redelivery.
    private func claim(max: Int, now: Int64, visibility: Duration) async throws -> ([TriggerDelivery], Int64?) {
        let nowMs = now.sqlite
        let hiddenUntil = (now + visibility.wholeMilliseconds).sqlite
        return try await database.transaction(durability: .withNextSyncedCommit) { sql in
            let due = try sql.rows(
                "SELECT seq, id, channel, body, receive_count FROM triggers WHERE visible_at_ms <= ? ORDER BY visible_at_ms, seq LIMIT ?",
                [.integer(nowMs), .integer(max)]
            )
            var deliveries: [TriggerDelivery] = []
            for row in due {
                let seq = try row.int64("seq", table: Self.table)
                let id = row.column("id")?.string ?? "seq-\(seq)"
                let receipt = "\(id)/\(UUID().uuidString)"
                // Columns of the wrong type (a row written by hand or by another tool) are read
                // leniently: the worker then dead-letters the row instead of every receive
                // failing on it and the whole queue stalling behind it.
                let count = Int(row.column("receive_count")?.integer ?? 0) + 1
                try sql.run(
                    "UPDATE triggers SET visible_at_ms = ?, receive_count = ?, receipt = ? WHERE seq = ?",
                    [.integer(hiddenUntil), .integer(count), .text(receipt), .integer(seq.sqlite)]
                )
                let channelName = row.column("channel")?.string ?? ""
                // A row with an unknown channel still gets delivered (as WhatsApp) so the worker can
                // dead-letter it instead of it blocking the queue forever.
                deliveries.append(TriggerDelivery(
                    id: id, receipt: receipt, body: row.column("body")?.string ?? "",
                    channel: Channel(rawValue: channelName) ?? .whatsapp, receiveCount: count
                ))
            }
            guard deliveries.isEmpty else { return (deliveries, nil) }
            let next = try sql.rows("SELECT min(visible_at_ms) AS next FROM triggers").first?.column("next")?.integer
            return ([], next.map { Int64($0) })
        }
    }

    private func settle(
        _ delivery: TriggerDelivery, _ statement: String, _ binds: [SQLValue], durability: Durability = .synced
    ) async throws {
        try await database.transaction(durability: durability) { sql in
            try sql.run(statement, binds)
            guard sql.changes() == 1 else { throw EmbeddedStoreError.staleReceipt(delivery.receipt) }
        }
    }

    /// Sleeps for `duration`, or less when an enqueue happened after generation `seen`.
    private func pause(for duration: Duration, unlessSignalledAfter seen: Int) async throws {
        let timer = self.timer
        let signal = self.signal
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await timer.sleep(for: Swift.max(duration, .milliseconds(1))) }
            group.addTask { await signal.wait(after: seen) }
            _ = try await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    /// Removes dead letters older than `before`; returns how many.
    static func purgeDeadLetters(before: Date, _ sql: SQLSession) throws -> Int {
        try sql.run("DELETE FROM dead_letters WHERE dead_lettered_at_ms < ?", [EpochMillis.sqlite(before)])
        return sql.changes()
    }
}
