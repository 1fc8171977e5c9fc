import Foundation
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
    /// Set inside a shared transaction: takes this body's savepoint before its first write.
    var member: MemberWrites? = nil

    /// One statement; its result rows.
    func rows(_ statement: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        if let member, !Self.isRead(statement), member.firstWriteNeedsSavepoint() {
            try await Self.control(connection, "SAVEPOINT member")
            member.savepointTaken()
        }
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

    /// Runs a statement that begins, marks or ends a shared transaction. When the caller's task
    /// was cancelled (a client that hung up), the thread pool refuses the work before running it;
    /// the statement then runs in a task of its own, so one caller cannot fail its group's commit.
    static func control(_ connection: SQLiteConnection, _ statement: String) async throws {
        do {
            try await SQLSession(connection: connection).run(statement)
        } catch is CancellationError {
            try await Task { try await SQLSession(connection: connection).run(statement) }.value
        }
    }

    /// Only plain `SELECT`s are reads; anything else might write and so needs undoing on failure.
    static func isRead(_ statement: String) -> Bool {
        let start = statement.drop(while: { $0 == " " || $0 == "\n" })
        return start.prefix(6).uppercased() == "SELECT"
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

/// What one transaction body wrote inside a group commit (see ``EmbeddedDatabase``).
///
/// A body needs a savepoint only when it writes after an earlier body of the same transaction
/// wrote: a failing body that only read has nothing to undo, and a failing first writer can roll
/// back the whole transaction, which holds only reads of the bodies before it.
final class MemberWrites: @unchecked Sendable {
    // Guarded by `lock` (NSLock: `Synchronization.Mutex` trapped under load in this toolchain).
    private let lock = NSLock()
    private let groupHasWrites: Bool
    private var wroteValue = false
    private var savepointValue = false

    init(groupHasWrites: Bool) {
        self.groupHasWrites = groupHasWrites
    }

    /// Records a write; true when a savepoint must be taken before it.
    func firstWriteNeedsSavepoint() -> Bool {
        lock.withLock {
            guard !wroteValue else { return false }
            wroteValue = true
            return groupHasWrites
        }
    }

    func savepointTaken() { lock.withLock { savepointValue = true } }

    var wrote: Bool { lock.withLock { wroteValue } }
    var hasSavepoint: Bool { lock.withLock { savepointValue } }
}
