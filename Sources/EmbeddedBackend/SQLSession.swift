import SQLiteNIO

/// Runs statements on the connection inside one ``EmbeddedDatabase/transaction(_:)``, turning
/// SQLite errors into ``EmbeddedStoreError``.
///
/// ```swift
/// try await database.transaction { sql in
///     try await sql.run("DELETE FROM trigger_locks WHERE conversation_id = ?", [.text(id)])
/// }
/// ```
struct SQLSession: Sendable {
    let connection: SQLiteConnection

    /// One statement; its result rows.
    func rows(_ statement: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        do {
            return try await connection.query(statement, binds)
        } catch let error as SQLiteError {
            throw EmbeddedStoreError.database(
                operation: Self.summary(statement), detail: error.message, busy: Self.isBusy(error.reason)
            )
        }
    }

    /// One statement whose rows are not needed.
    func run(_ statement: String, _ binds: [SQLiteData] = []) async throws {
        _ = try await rows(statement, binds)
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE of this connection.
    func changes() async throws -> Int {
        Int(try await rows("SELECT changes() AS n").first?.column("n")?.integer ?? 0)
    }

    /// The statement's first words, enough to say what failed without logging values.
    private static func summary(_ statement: String) -> String {
        statement.split(separator: " ").prefix(4).joined(separator: " ")
    }

    private static func isBusy(_ reason: SQLiteError.Reason) -> Bool {
        switch reason {
        case .busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout, .lockedBySharedCache: true
        default: false
        }
    }
}

extension SQLiteRow {
    func text(_ name: String, table: String) throws -> String {
        guard let value = column(name)?.string else {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "column \(name) is not text")
        }
        return value
    }

    func int64(_ name: String, table: String) throws -> Int64 {
        guard let value = column(name)?.integer else {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "column \(name) is not an integer")
        }
        return Int64(value)
    }
}
