import Foundation
import RepliesCore

/// How a conversation record maps to a `conversations` row, and how an update changes it.
enum StoredConversation {
    static let table = "conversations"

    /// The key attributes; an update may never change them.
    static let keyAttributes = ["primary_channel", "conversation_id"]

    /// A record as the columns of its row: key, lossless JSON text and lookup columns.
    struct Columns: Sendable {
        var binds: [SQLValue]

        /// Encodes `record` (outside the writer where possible: it is the costly part).
        init(_ record: Record) throws {
            guard let primary = record.nonEmptyString("primary_channel") else { throw EmbeddedStoreError.missingKeyAttribute("primary_channel") }
            guard let id = record.nonEmptyString("conversation_id") else { throw EmbeddedStoreError.missingKeyAttribute("conversation_id") }
            binds = [
                .text(primary), .text(id), .text(TypedRecordJSON.encode(record)),
                StoredConversation.lookupValue(record, Channel.whatsapp.companyNumberIndexAttribute),
                StoredConversation.lookupValue(record, Channel.sms.companyNumberIndexAttribute),
                StoredConversation.lookupValue(record, Channel.whatsapp.userIndexAttribute),
                StoredConversation.lookupValue(record, Channel.email.companyNumberIndexAttribute),
                StoredConversation.lookupValue(record, Channel.email.userIndexAttribute),
            ]
        }
    }

    /// `INSERT OR REPLACE` of a whole record, with its lookup columns.
    static func write(_ columns: Columns, _ sql: SQLSession) throws {
        try sql.run(
            """
            INSERT OR REPLACE INTO conversations
                (primary_channel, conversation_id, record, gsi_company_whatsapp_number, gsi_company_sms_number, gsi_recipient_tel,
                 gsi_company_email, gsi_recipient_email)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            columns.binds
        )
    }

    /// The record at `key`, inside the caller's transaction or read.
    static func read(_ key: ConversationKey, _ sql: SQLSession) throws -> Record? {
        try readText(key, sql).map(decode)
    }

    /// The stored JSON text of the record at `key`, undecoded.
    static func readText(_ key: ConversationKey, _ sql: SQLSession) throws -> String? {
        let rows = try sql.rows(
            "SELECT record FROM conversations WHERE primary_channel = ? AND conversation_id = ?",
            [.text(key.primaryChannel), .text(key.conversationId)]
        )
        return try rows.first.map { try $0.text("record", table: table) }
    }

    static func decode(_ text: String) throws -> Record {
        do {
            return try TypedRecordJSON.decode(text)
        } catch {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "\(error)")
        }
    }

    /// DynamoDB indexes an item only when the index key attribute is a string: mirror that.
    private static func lookupValue(_ record: Record, _ attribute: String) -> SQLValue {
        record.string(attribute).map(SQLValue.text) ?? .null
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
