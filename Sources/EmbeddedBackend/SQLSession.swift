import GRDB
import GRDBSQLite

/// The statements of one transaction body (``EmbeddedDatabase/transaction(_:)``, on the writer)
/// or one read (``EmbeddedDatabase/read(_:)``, on a read-only connection). Every store operation
/// is written over this facade: plain SQL with `?` placeholders, ``SQLValue`` binds, GRDB rows.
///
/// Bodies are synchronous and run on the database's own thread, start to finish, without
/// hopping between threads per statement. Statements are prepared once per connection and
/// reused (GRDB's statement cache), so write them as constant strings — never interpolate
/// values into them. SQLite errors become ``EmbeddedStoreError/database(operation:detail:busy:)``
/// (naming the statement's first words, never its values).
///
/// A new store operation, e.g. for a table added by a migration (see ``Schema``):
///
/// ```swift
/// package func archive(_ turn: ArchivedTurn) async throws -> Bool {
///     try await database.transaction { sql in
///         // INSERT … ON CONFLICT … RETURNING: one statement instead of SELECT-then-INSERT.
///         try !sql.rows(
///             "INSERT INTO history (conversation_id, seq, turn) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq",
///             [.text(turn.conversationId), .integer(turn.seq), .text(turn.json)]
///         ).isEmpty
///     }
/// }
///
/// package func history(_ conversationId: String) async throws -> [String] {
///     try await database.read { sql in
///         try sql.rows("SELECT turn FROM history WHERE conversation_id = ? ORDER BY seq", [.text(conversationId)])
///             .map { try $0.text("turn", table: "history") }
///     }
/// }
/// ```
struct SQLSession {
    let database: Database

    /// One statement; its result rows (also those of `… RETURNING`).
    func rows(_ statement: String, _ binds: [SQLValue] = []) throws -> [Row] {
        do {
            let prepared = try database.cachedStatement(sql: statement)
            return try Row.fetchAll(prepared, arguments: Self.arguments(binds))
        } catch let error as DatabaseError {
            throw EmbeddedStoreError.sqlite(error, operation: Self.summary(statement))
        }
    }

    /// One statement whose rows are not needed.
    ///
    /// Prepared and cached by GRDB, but bound and stepped with SQLite's own calls
    /// (``RawStatement``): GRDB's bookkeeping is for observers we do not use. Never for `BEGIN`,
    /// `COMMIT` or `ROLLBACK` (GRDB tracks those); savepoints and data statements change nothing
    /// it tracks.
    func run(_ statement: String, _ binds: [SQLValue] = []) throws {
        do {
            let handle = try database.cachedStatement(sql: statement).sqliteStatement
            guard Int(sqlite3_bind_parameter_count(handle)) == binds.count else {
                throw EmbeddedStoreError.database(
                    operation: Self.summary(statement),
                    detail: "\(binds.count) values for \(sqlite3_bind_parameter_count(handle)) placeholders", busy: false)
            }
            try RawStatement.run(handle, binds)
        } catch let error as DatabaseError {
            throw EmbeddedStoreError.sqlite(error, operation: Self.summary(statement))
        }
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE of this connection.
    func changes() -> Int {
        database.changesCount
    }

    private static func arguments(_ binds: [SQLValue]) -> StatementArguments {
        // The existential overload: GRDB's `some DatabaseValueConvertible` one maps with a key
        // path that is instantiated on every call (it showed in profiles of the webhook path).
        StatementArguments(binds.map { $0.databaseValue as (any DatabaseValueConvertible)? })
    }

    /// The statement's first words, enough to say what failed without logging values.
    static func summary(_ statement: String) -> String {
        statement.split(whereSeparator: \.isWhitespace).prefix(4).joined(separator: " ")
    }
}

extension EmbeddedStoreError {
    /// SQLite's error for `operation`: its message only (GRDB's description would add the SQL).
    static func sqlite(_ error: DatabaseError, operation: String) -> EmbeddedStoreError {
        let busy = error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        return .database(operation: operation, detail: error.message ?? "\(error.resultCode)", busy: busy)
    }
}
