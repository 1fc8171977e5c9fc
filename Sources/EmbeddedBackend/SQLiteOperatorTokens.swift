package import Foundation
import GRDB
package import RepliesCore

/// ``OperatorTokenStore`` on the embedded database's `operator_tokens` table.
package struct SQLiteOperatorTokens: OperatorTokenStore {
    let database: EmbeddedDatabase

    init(database: EmbeddedDatabase) {
        self.database = database
    }

    static let table = "operator_tokens"

    package func create(_ token: OperatorToken) async throws -> Bool {
        try await database.transaction { sql in
            try sql.run(
                """
                INSERT INTO operator_tokens (token_hash, company_id, name, created_at_ms, revoked_at_ms) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (token_hash) DO NOTHING
                """,
                [.text(token.tokenHash), .text(token.companyId), .text(token.name), EpochMillis.sqlite(token.createdAt),
                 token.revokedAt.map(EpochMillis.sqlite) ?? .null])
            return sql.changes() == 1
        }
    }

    package func token(hash: String) async throws -> OperatorToken? {
        try await database.read { sql in
            try sql.rows("SELECT * FROM operator_tokens WHERE token_hash = ?", [.text(hash)]).first.map(Self.token)
        }
    }

    package func tokens(companyId: String) async throws -> [OperatorToken] {
        try await database.read { sql in
            try sql.rows("SELECT * FROM operator_tokens WHERE company_id = ? ORDER BY created_at_ms, token_hash", [.text(companyId)])
                .map(Self.token)
        }
    }

    package func revoke(companyId: String, name: String, at: Date) async throws -> Int {
        try await database.transaction { sql in
            try sql.run(
                "UPDATE operator_tokens SET revoked_at_ms = ? WHERE company_id = ? AND name = ? AND revoked_at_ms IS NULL",
                [EpochMillis.sqlite(at), .text(companyId), .text(name)])
            return sql.changes()
        }
    }

    static func token(_ row: Row) throws -> OperatorToken {
        OperatorToken(
            tokenHash: try row.text("token_hash", table: table), companyId: try row.text("company_id", table: table),
            name: try row.text("name", table: table), createdAt: EpochMillis.date(try row.int64("created_at_ms", table: table)),
            revokedAt: row.column("revoked_at_ms")?.integer.map { EpochMillis.date(Int64($0)) })
    }
}
