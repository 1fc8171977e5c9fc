import Foundation
import Logging
package import RepliesCore

/// ``HandoffNotifier`` of the embedded backend: each notice is kept in `handoff_notices` (for
/// `inspect` and whoever polls the file) and logged, with the phone number masked.
///
/// ```swift
/// try await backend.handoff.notify(notice)
/// let recent = try await backend.handoff.notices(limit: 20)
/// ```
package struct SQLiteHandoffNotifier: HandoffNotifier {
    static let table = "handoff_notices"
    let database: EmbeddedDatabase
    let clock: any WallClock
    let logger: Logger

    init(database: EmbeddedDatabase, clock: any WallClock, logger: Logger) {
        self.database = database
        self.clock = clock
        self.logger = logger
    }

    package func notify(_ notice: HandoffNotice) async throws {
        let now = EpochMillis.sqlite(clock.now())
        try await database.transaction { sql in
            try sql.run(
                "INSERT INTO handoff_notices (batch_id, conversation_id, reason, notice, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                [.text(notice.batchId), .text(notice.conversationId), .text(notice.reason.rawValue), .text(notice.jsonBody()), now]
            )
        }
        // `detail` may be the model's own words (its handoff reason): debug only, like bodies.
        logger.debug("handoff notice detail", metadata: ["batch": "\(notice.batchId)", "detail": "\(notice.detail ?? "")"])
        logger.notice("conversation handed to a human", metadata: [
            "reason": "\(notice.reason.rawValue)",
            "conversation": "\(PhoneNumber.mask(notice.primaryChannel))/\(notice.conversationId)",
            "channel": "\(notice.channel.rawValue)",
            "batch": "\(notice.batchId)",
            "fragments": "\(notice.messageSids.count)",
        ])
    }

    /// Stored notices, oldest first, at most `limit` of the newest.
    package func notices(limit: Int = 100) async throws -> [HandoffNotice] {
        let texts = try await database.read { sql in
            try sql.rows(
                "SELECT notice FROM (SELECT seq, notice FROM handoff_notices ORDER BY seq DESC LIMIT ?) ORDER BY seq",
                [.integer(limit)]
            ).map { try $0.text("notice", table: Self.table) }
        }
        return try texts.map { text in
            do {
                return try JSONDecoder().decode(HandoffNotice.self, from: Data(text.utf8))
            } catch {
                throw EmbeddedStoreError.corruptRow(table: Self.table, detail: "notice is not a handoff notice: \(error)")
            }
        }
    }

    /// Removes notices created before `before`; returns how many.
    static func purge(before: Date, _ sql: SQLSession) throws -> Int {
        try sql.run("DELETE FROM handoff_notices WHERE created_at_ms < ?", [EpochMillis.sqlite(before)])
        return sql.changes()
    }
}
