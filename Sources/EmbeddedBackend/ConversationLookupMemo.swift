import Foundation
import GRDB
import GRDBSQLite
import RepliesCore

/// A webhook's conversation lookup on the writer (by channel, company number and user number),
/// remembered until a row it could return changes.
///
/// Under load that lookup was the writer's largest single cost (≈ 18 % of its CPU: the index
/// seek, the record copied out of its overflow page and compared byte for byte with the decoded
/// one, ``DecodedRecords``), for an answer that changes only when a conversation is written. So
/// the answer is kept, and forgotten exactly when it may change:
/// - every write to `conversations` on the writer's connection — whatever statement or path makes
///   it — fires temporary triggers (this connection's only) that name the lookup keys of the row
///   before and after the write, and those keys are forgotten;
/// - another connection's commit (`seed` or `inspect` in another process) changes the writer's
///   `PRAGMA data_version`, and everything is forgotten;
/// - an answer read after a conversation was written in the same transaction is not kept: that
///   write may still be rolled back (a member's savepoint, a failed `COMMIT`), and the answer
///   with it.
///
/// Keys compare bytes, as SQLite's `=` on text does (Swift's `String` equality would match two
/// canonically equivalent spellings SQLite tells apart).
///
/// ```swift
/// let memo = ConversationLookupMemo()
/// try memo.install(on: writer)                 // once, on the writer's connection
/// if let known = memo.conversations(for: key, dataVersion: version) { return known }
/// memo.remember(found, for: key, dataVersion: version)
/// memo.transactionEnded()                      // after every group's COMMIT or ROLLBACK
/// ```
final class ConversationLookupMemo: @unchecked Sendable {
    struct Key: Hashable, Sendable {
        let channel: Channel
        let companyNumber: [UInt8]
        let userNumber: [UInt8]

        init(channel: Channel, companyNumber: String, userNumber: String) {
            self.channel = channel
            self.companyNumber = Array(companyNumber.utf8)
            self.userNumber = Array(userNumber.utf8)
        }

        fileprivate init(channel: Channel, companyNumber: [UInt8], userNumber: [UInt8]) {
            self.channel = channel
            self.companyNumber = companyNumber
            self.userNumber = userNumber
        }
    }

    /// Past this many keys the memo starts over: a bound on memory (the records themselves are
    /// shared with ``DecodedRecords``), not a tuning knob.
    let capacity: Int
    // Guards everything below (NSLock, as in ``GroupCommit``). Only the writer's thread calls in;
    // the lock makes that an invariant the compiler need not take on trust.
    private let lock = NSLock()
    private var entries: [Key: [Conversation]] = [:]
    /// The writer's `PRAGMA data_version` the entries were read at.
    private var dataVersion: Int64 = 0
    /// A conversation was written since the writer's last transaction ended.
    private var written = false

    init(capacity: Int = 8192) {
        self.capacity = capacity
    }

    /// The remembered answer for `key`, or nil; forgets everything first when another
    /// connection has committed since (`dataVersion` is the writer's `PRAGMA data_version` now).
    func conversations(for key: Key, dataVersion: Int64) -> [Conversation]? {
        lock.withLock {
            guard dataVersion == self.dataVersion else {
                entries.removeAll(keepingCapacity: true)
                self.dataVersion = dataVersion
                return nil
            }
            return entries[key]
        }
    }

    /// Keeps `conversations`, read on the writer at `dataVersion`, as the answer for `key` —
    /// unless a conversation was written earlier in the same transaction.
    func remember(_ conversations: [Conversation], for key: Key, dataVersion: Int64) {
        lock.withLock {
            guard !written, dataVersion == self.dataVersion else { return }
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = conversations
        }
    }

    /// The writer's transaction committed or rolled back: what it wrote is settled either way.
    func transactionEnded() {
        lock.withLock { written = false }
    }

    /// Keys remembered (tests).
    var count: Int { lock.withLock { entries.count } }

    /// A row of `conversations` is being written; `companyNumber`/`userNumber` are its lookup
    /// columns for `channel`, before or after the write (nil: NULL, which no lookup matches).
    fileprivate func rowChanged(channel: Channel, companyNumber: [UInt8]?, userNumber: [UInt8]?) {
        lock.withLock {
            written = true
            guard let companyNumber, let userNumber else { return }
            entries[Key(channel: channel, companyNumber: companyNumber, userNumber: userNumber)] = nil
        }
    }

    /// The SQL function the triggers call: (channel, company column, user column).
    static let functionName = "replies_conversation_row_changed"

    /// Registers the function and the temporary triggers on the writer's connection (they exist
    /// for this connection only, so no other tool that opens the file ever needs the function).
    func install(on database: Database) throws {
        guard let handle = database.sqliteConnection else { throw EmbeddedStoreError.closed }
        // The connection keeps the memo alive until it closes and destroys the function.
        let context = Unmanaged.passRetained(self).toOpaque()
        let code = sqlite3_create_function_v2(
            handle, Self.functionName, 3, SQLITE_UTF8, context,
            { context, _, arguments in
                guard let context, let memo = sqlite3_user_data(context), let arguments else { return }
                let channel = ConversationLookupMemo.text(arguments[0]).flatMap { Channel(rawValue: String(decoding: $0, as: UTF8.self)) }
                if let channel {
                    Unmanaged<ConversationLookupMemo>.fromOpaque(memo).takeUnretainedValue()
                        .rowChanged(
                            channel: channel, companyNumber: ConversationLookupMemo.text(arguments[1]),
                            userNumber: ConversationLookupMemo.text(arguments[2]))
                }
                sqlite3_result_null(context)
            },
            nil, nil,
            { context in
                guard let context else { return }
                Unmanaged<ConversationLookupMemo>.fromOpaque(context).release()
            })
        guard code == SQLITE_OK else {
            Unmanaged<ConversationLookupMemo>.fromOpaque(context).release()
            throw EmbeddedStoreError.sqlite(RawStatement.error(code, connection: handle), operation: "registering \(Self.functionName)")
        }
        for statement in Self.triggers { try database.execute(sql: statement) }
    }

    /// The triggers. `INSERT OR REPLACE` (how records are written) replaces a row without firing
    /// delete triggers, so the insert trigger also names the row it is about to replace.
    static var triggers: [String] {
        func calls(_ row: String) -> String {
            Channel.allCases.map { channel in
                // Column names come from a closed enum, never from input.
                "\(functionName)('\(channel.rawValue)', \(row)\(channel.companyNumberIndexAttribute), \(row)\(channel.userIndexAttribute))"
            }.joined(separator: ", ")
        }
        return [
            """
            CREATE TEMP TRIGGER IF NOT EXISTS memo_conversation_insert BEFORE INSERT ON main.conversations BEGIN
                SELECT \(calls("")) FROM conversations
                    WHERE primary_channel = NEW.primary_channel AND conversation_id = NEW.conversation_id;
                SELECT \(calls("NEW."));
            END
            """,
            """
            CREATE TEMP TRIGGER IF NOT EXISTS memo_conversation_update AFTER UPDATE ON main.conversations BEGIN
                SELECT \(calls("OLD.")), \(calls("NEW."));
            END
            """,
            """
            CREATE TEMP TRIGGER IF NOT EXISTS memo_conversation_delete AFTER DELETE ON main.conversations BEGIN
                SELECT \(calls("OLD."));
            END
            """,
        ]
    }

    /// A text argument's bytes (numbers as SQLite renders them; nil for NULL).
    fileprivate static func text(_ value: OpaquePointer?) -> [UInt8]? {
        guard let value, sqlite3_value_type(value) != SQLITE_NULL, let text = sqlite3_value_text(value) else { return nil }
        return Array(UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value))))
    }
}
