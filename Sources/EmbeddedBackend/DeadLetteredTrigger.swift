package import Foundation
import RepliesCore
import GRDB

/// A trigger moved to the dead-letter table, with the reason the worker gave.
///
/// ```swift
/// for letter in try await backend.queue.deadLetters() { print(letter.id, letter.reason) }
/// ```
package struct DeadLetteredTrigger: Sendable, Hashable {
    package var id: String
    package var channel: String
    package var body: String
    package var receiveCount: Int
    package var reason: String
    package var enqueuedAt: Date
    package var deadLetteredAt: Date

    init(row: Row) throws {
        let table = "dead_letters"
        id = try row.text("id", table: table)
        channel = try row.text("channel", table: table)
        body = try row.text("body", table: table)
        receiveCount = Int(try row.int64("receive_count", table: table))
        reason = try row.text("reason", table: table)
        enqueuedAt = EpochMillis.date(try row.int64("enqueued_at_ms", table: table))
        deadLetteredAt = EpochMillis.date(try row.int64("dead_lettered_at_ms", table: table))
    }
}
