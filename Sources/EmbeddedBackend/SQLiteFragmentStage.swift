package import Foundation
package import RepliesCore
import GRDB

/// ``FragmentStage`` on the embedded database's `fragments` table.
///
/// A row is `pending` until its batch settles, then `done`: body and media are dropped and the
/// row is kept until `retain_until_ms` so a late webhook retry of the same SID stays a no-op.
///
/// ```swift
/// let result = try await backend.stage.stage(fragment)          // .staged / .alreadyPending / .alreadyDone
/// let batch = try await backend.stage.pendingFragments(conversationId: fragment.conversationId)
/// ```
package struct SQLiteFragmentStage: FragmentStage {
    static let table = "fragments"
    let database: EmbeddedDatabase

    init(database: EmbeddedDatabase) {
        self.database = database
    }

    package func stage(_ fragment: Fragment) async throws -> StageResult {
        let row = try StagedRow(fragment)
        return try await database.transaction { try Self.stage(row, $0) }
    }

    /// A fragment's columns, encoded before the transaction (off the writer's thread).
    struct StagedRow: Sendable {
        let fragment: Fragment
        let media: String
        let email: SQLValue
        let location: SQLValue

        init(_ fragment: Fragment) throws {
            self.fragment = fragment
            media = try SQLiteFragmentStage.encodeMedia(fragment.media)
            email = try fragment.email.map(SQLiteFragmentStage.encodeJSON) ?? .null
            location = try fragment.location.map(SQLiteFragmentStage.encodeJSON) ?? .null
        }
    }

    /// Stages `row` inside the caller's transaction.
    static func stage(_ row: StagedRow, _ sql: SQLSession) throws -> StageResult {
        let fragment = row.fragment
        // One statement for a new SID (the common case); a duplicate's state is read after. The
        // change count says whether it inserted (cheaper than `RETURNING`, which fills a
        // temporary table for the rows it returns).
        try sql.run(
            """
            INSERT INTO fragments
                (conversation_id, message_sid, primary_channel, channel, body, media, received_at_ms, state, email, location)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
            ON CONFLICT (conversation_id, message_sid) DO NOTHING
            """,
            [
                .text(fragment.conversationId), .text(fragment.messageSid), .text(fragment.primaryChannel),
                .text(fragment.channel.rawValue), .text(fragment.body), .text(row.media),
                EpochMillis.sqlite(fragment.receivedAt), row.email, row.location,
            ]
        )
        guard sql.changes() == 0 else { return .staged }
        let state = try sql.rows(
            "SELECT state FROM fragments WHERE conversation_id = ? AND message_sid = ?",
            [.text(fragment.conversationId), .text(fragment.messageSid)]
        ).first?.column("state")?.string
        return state == "done" ? .alreadyDone : .alreadyPending
    }

    package func pendingFragments(conversationId: String) async throws -> [Fragment] {
        let rows = try await database.read { sql in try sql.rows(Self.pendingOfConversation, [.text(conversationId)]) }
        return try rows.map(Self.fragment)
    }

    /// A conversation's pending fragments in order. `+state` keeps SQLite from choosing
    /// `fragments_by_state` for `state = 'pending'` (which also gives the order): without
    /// statistics it did, and every batch read the index entry of every pending fragment of
    /// every conversation — a quarter of a batch's CPU with 6,000 pending. The primary key finds
    /// the conversation's few rows; sorting them is nothing. (``QueryPlanTests``)
    static let pendingOfConversation = """
        SELECT * FROM fragments WHERE conversation_id = ? AND +state = 'pending'
        ORDER BY received_at_ms, message_sid
        """

    package func markDone(conversationId: String, messageSids: [String], outcome: FragmentOutcome, retainUntil: Date) async throws {
        guard !messageSids.isEmpty else { return }
        let done = FragmentsDone(conversationId: conversationId, messageSids: messageSids, outcome: outcome, retainUntil: retainUntil)
        try await database.transaction { try Self.markDone(done, $0) }
    }

    /// Marks `done`'s fragments done inside the caller's transaction.
    static func markDone(_ done: FragmentsDone, _ sql: SQLSession) throws {
        guard !done.messageSids.isEmpty else { return }
        let retain = EpochMillis.of(done.retainUntil).sqlite
        for sid in done.messageSids {
            // A SID that was never staged is skipped, as in the reference implementation.
            try sql.run(
                """
                UPDATE fragments SET state = 'done', body = '', media = '[]', email = NULL, location = NULL, outcome = ?, retain_until_ms = ?
                WHERE conversation_id = ? AND message_sid = ?
                """,
                [.text(done.outcome.rawValue), .integer(retain), .text(done.conversationId), .text(sid)]
            )
        }
        try clearSweeps(done.conversationId, sql)
    }

    package func updateMedia(conversationId: String, messageSid: String, media: [MediaItem]) async throws {
        let text = try Self.encodeMedia(media)
        try await database.transaction { sql in
            try sql.run(
                "UPDATE fragments SET media = ? WHERE conversation_id = ? AND message_sid = ? AND state = 'pending'",
                [.text(text), .text(conversationId), .text(messageSid)]
            )
        }
    }

    /// Removes done rows whose retention has passed; returns how many.
    static func purge(before now: Date, _ sql: SQLSession) throws -> Int {
        try sql.run(
            "DELETE FROM fragments WHERE state = 'done' AND retain_until_ms < ?",
            [EpochMillis.sqlite(now)]
        )
        return sql.changes()
    }

    private static func fragment(_ row: Row) throws -> Fragment {
        let channelName = try row.text("channel", table: table)
        guard let channel = Channel(rawValue: channelName) else {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "unknown channel '\(channelName)'")
        }
        let mediaText = try row.text("media", table: table)
        let media: [MediaItem]
        do {
            media = try JSONDecoder().decode([MediaItem].self, from: Data(mediaText.utf8))
        } catch {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "media is not a JSON list: \(error)")
        }
        return Fragment(
            conversationId: try row.text("conversation_id", table: table),
            messageSid: try row.text("message_sid", table: table),
            primaryChannel: try row.text("primary_channel", table: table),
            channel: channel,
            body: try row.text("body", table: table),
            media: media,
            receivedAt: EpochMillis.date(try row.int64("received_at_ms", table: table)),
            email: try optionalJSON(EmailThread.self, row, "email"),
            location: try optionalJSON(SharedLocation.self, row, "location")
        )
    }

    /// A nullable JSON column (NULL: nil); anything else that does not decode is a corrupt row.
    private static func optionalJSON<T: Decodable>(_ type: T.Type, _ row: Row, _ column: String) throws -> T? {
        guard let text = row.column(column)?.string else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "\(column) is not a \(type): \(error)")
        }
    }

    private static func encodeMedia(_ media: [MediaItem]) throws -> String {
        // Most messages carry none: skip making an encoder for the same two bytes.
        guard !media.isEmpty else { return "[]" }
        return String(decoding: try JSONEncoder().encode(media), as: UTF8.self)
    }

    static func encodeJSON(_ value: some Encodable) throws -> SQLValue {
        .text(String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
    }
}
