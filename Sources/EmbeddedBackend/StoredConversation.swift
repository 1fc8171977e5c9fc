import Foundation
import RepliesCore
import SQLiteNIO

/// How a conversation record maps to a `conversations` row, and how an update changes it.
enum StoredConversation {
    static let table = "conversations"

    /// The key attributes; an update may never change them.
    static let keyAttributes = ["primary_channel", "conversation_id"]

    /// `INSERT OR REPLACE` of a whole record, with its lookup columns.
    static func write(_ record: Record, _ sql: SQLSession) async throws {
        guard let primary = record.nonEmptyString("primary_channel") else { throw EmbeddedStoreError.missingKeyAttribute("primary_channel") }
        guard let id = record.nonEmptyString("conversation_id") else { throw EmbeddedStoreError.missingKeyAttribute("conversation_id") }
        try await sql.run(
            """
            INSERT OR REPLACE INTO conversations
                (primary_channel, conversation_id, record, gsi_company_whatsapp_number, gsi_company_sms_number, gsi_recipient_tel)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                .text(primary), .text(id), .text(try TypedRecordJSON.encode(record)),
                lookupValue(record, Channel.whatsapp.companyNumberIndexAttribute),
                lookupValue(record, Channel.sms.companyNumberIndexAttribute),
                lookupValue(record, "gsi_recipient_tel"),
            ]
        )
    }

    /// The record at `key`, inside the caller's transaction.
    static func read(_ key: ConversationKey, _ sql: SQLSession) async throws -> Record? {
        let rows = try await sql.rows(
            "SELECT record FROM conversations WHERE primary_channel = ? AND conversation_id = ?",
            [.text(key.primaryChannel), .text(key.conversationId)]
        )
        guard let row = rows.first else { return nil }
        return try decode(row)
    }

    static func decode(_ row: SQLiteRow) throws -> Record {
        let text = try row.text("record", table: table)
        do {
            return try TypedRecordJSON.decode(text)
        } catch {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "\(error)")
        }
    }

    /// DynamoDB indexes an item only when the index key attribute is a string: mirror that.
    private static func lookupValue(_ record: Record, _ attribute: String) -> SQLiteData {
        record.string(attribute).map(SQLiteData.text) ?? .null
    }

    /// Applies `update` like the DynamoDB expression `SET … , messages = list_append(if_not_exists(messages, []), …) REMOVE …`;
    /// nil when a trim's condition does not hold (nothing is written then).
    static func apply(_ update: ConversationUpdate, to record: Record) throws -> Record? {
        for name in keyAttributes where update.set[name] != nil || update.remove.contains(name) {
            throw EmbeddedStoreError.keyAttributeChange(name)
        }
        var result = record
        if let trim = update.trim {
            guard let rest = trim.apply(to: record) else { return nil }
            result[ConversationAttribute.messages] = .list(rest)
            result[ConversationAttribute.archivedMessageCount] = .int(trim.archivedBefore + trim.count)
        }
        for (name, value) in update.set {
            result[name] = value
        }
        if !update.appendMessages.isEmpty {
            let existing = result.list(ConversationAttribute.messages) ?? []
            result[ConversationAttribute.messages] = .list(existing + update.appendMessages.map(\.recordValue))
        }
        for name in update.remove {
            result.removeValue(forKey: name)
        }
        return result
    }

    /// The lease attributes for `owner` until `until` (expiry in epoch milliseconds, a Number).
    static func leaseAttributes(owner: String, until: Date) -> Record {
        [
            ConversationAttribute.leaseOwner: .string(owner),
            ConversationAttribute.leaseExpiresAt: .number(String(Timestamp.epochMilliseconds(until))),
        ]
    }
}
