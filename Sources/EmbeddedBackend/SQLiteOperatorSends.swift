package import Foundation
import GRDB
package import RepliesCore

/// ``OperatorSendLog`` on the embedded database's `operator_sends` table; a claim is one
/// transaction on the writer, so one attempt per key runs.
package struct SQLiteOperatorSends: OperatorSendLog {
    let database: EmbeddedDatabase

    init(database: EmbeddedDatabase) {
        self.database = database
    }

    static let table = "operator_sends"

    package func claim(_ send: OperatorSend, now: Date) async throws -> OperatorSendClaim {
        try await database.transaction { sql in
            guard let row = try sql.rows(
                "SELECT * FROM operator_sends WHERE company_id = ? AND idempotency_key = ?", [.text(send.companyId), .text(send.idempotencyKey)]
            ).first else {
                try Self.write(send, sql)
                return .claimed
            }
            let existing = try Self.send(row)
            switch existing.state {
            case .sent, .recorded: return .finished(existing)
            case .pending:
                guard existing.attemptExpiresAt <= now else { return .busy(existing) }
                try sql.run(
                    "UPDATE operator_sends SET attempt_expires_at_ms = ? WHERE company_id = ? AND idempotency_key = ?",
                    [EpochMillis.sqlite(send.attemptExpiresAt), .text(send.companyId), .text(send.idempotencyKey)])
                return .resumed(existing)
            }
        }
    }

    package func save(_ send: OperatorSend) async throws {
        try await database.transaction { try Self.write(send, $0) }
    }

    package func delete(companyId: String, idempotencyKey: String) async throws {
        try await database.transaction { sql in
            try sql.run("DELETE FROM operator_sends WHERE company_id = ? AND idempotency_key = ?", [.text(companyId), .text(idempotencyKey)])
        }
    }

    static func write(_ send: OperatorSend, _ sql: SQLSession) throws {
        try sql.run(
            """
            INSERT OR REPLACE INTO operator_sends (company_id, idempotency_key, primary_channel, conversation_id, fingerprint, content,
                operator_name, state, sid, created_at_ms, attempt_expires_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(send.companyId), .text(send.idempotencyKey), .text(send.conversation.primaryChannel), .text(send.conversation.conversationId),
             .text(send.fingerprint), .text(send.content), .text(send.operatorName), .text(send.state.rawValue), send.sid.map(SQLValue.text) ?? .null,
             EpochMillis.sqlite(send.createdAt), EpochMillis.sqlite(send.attemptExpiresAt)])
    }

    static func send(_ row: Row) throws -> OperatorSend {
        guard let state = OperatorSend.State(rawValue: try row.text("state", table: table)) else {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "unknown state")
        }
        return OperatorSend(
            companyId: try row.text("company_id", table: table), idempotencyKey: try row.text("idempotency_key", table: table),
            conversation: ConversationKey(
                primaryChannel: try row.text("primary_channel", table: table), conversationId: try row.text("conversation_id", table: table)),
            fingerprint: try row.text("fingerprint", table: table), content: try row.text("content", table: table),
            operatorName: try row.text("operator_name", table: table), state: state, sid: row.column("sid")?.string,
            createdAt: EpochMillis.date(try row.int64("created_at_ms", table: table)),
            attemptExpiresAt: EpochMillis.date(try row.int64("attempt_expires_at_ms", table: table)))
    }

    /// Forgets sends older than ``OperatorSend/retention`` (a retry that late is a new message).
    static func purge(before now: Date, _ sql: SQLSession) throws -> Int {
        try sql.run("DELETE FROM operator_sends WHERE created_at_ms <= ?", [EpochMillis.sqlite(now.addingTimeInterval(-OperatorSend.retention))])
        return sql.changes()
    }
}
