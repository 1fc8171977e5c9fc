import AWSCore
import Foundation
import RepliesCore

/// One ``ConversationUpdate`` as a single conditional UpdateItem:
/// `SET a = :v, …, messages = list_append(if_not_exists(messages, :empty), :new),
/// reply_write_id = :token REMOVE …` under
/// `reply_lease_owner = :me AND (attribute_not_exists(reply_write_id) OR reply_write_id <> :token)`;
/// a trim removes `messages[0]…[n-1]` and sets `archived_message_count`, under the further
/// condition that the count is the expected one and `size(messages) >= n`.
///
/// The per-call token makes every update safe to resend after an ambiguous failure: a second
/// delivery of the same call fails its condition, and the item returned with the failure shows
/// the token, so the call reports success without appending twice. Template-sender fields, keys
/// and contradictory paths are refused before anything is sent.
struct ConversationUpdatePlan {
    /// The engine-owned attribute holding the token of the last write.
    static let writeIdAttribute = "reply_write_id"

    let update: DynamoDBExpression
    let condition: DynamoDBExpression
    let token: String

    init(_ change: ConversationUpdate, owner: String, releasing: Bool, token: String = UUID().uuidString) throws {
        var removed = change.remove
        if releasing {
            for name in ConversationUpdate.leaseAttributes where !removed.contains(name) { removed.append(name) }
        }
        try change.validate(releasing: releasing)
        if Array(change.set.keys).contains(Self.writeIdAttribute) || removed.contains(Self.writeIdAttribute) {
            throw AWSBackendError.forbiddenUpdate("'\(Self.writeIdAttribute)' is the store's own")
        }

        var builder = ExpressionBuilder()
        var assignments: [String] = []
        for name in change.set.keys.sorted() {
            guard let value = change.set[name] else { continue }
            assignments.append("\(builder.name(name)) = \(builder.value(AttributeValue(value)))")
        }
        if !change.appendMessages.isEmpty {
            let messages = builder.name(ConversationAttribute.messages)
            let empty = builder.value(.l([]))
            let new = builder.value(.l(change.appendMessages.map { AttributeValue($0.recordValue) }))
            assignments.append("\(messages) = list_append(if_not_exists(\(messages), \(empty)), \(new))")
        }
        var removedPaths = removed.map { builder.name($0) }
        var trimCondition = ""
        if let trim = change.trim {
            // Indexes of one REMOVE refer to the list before the update: [0]…[count-1] are the
            // oldest entries, whatever the template sender may append at the end meanwhile.
            let messages = builder.name(ConversationAttribute.messages)
            removedPaths += (0..<trim.count).map { "\(messages)[\($0)]" }
            let archived = builder.name(ConversationAttribute.archivedMessageCount)
            assignments.append("\(archived) = \(builder.value(.n(String(trim.archivedBefore + trim.count))))")
            let before = trim.archivedBefore == 0
                ? "(attribute_not_exists(\(archived)) OR \(archived) = \(builder.value(.n("0"))))"
                : "\(archived) = \(builder.value(.n(String(trim.archivedBefore))))"
            trimCondition = " AND \(before) AND size(\(messages)) >= \(builder.value(.n(String(trim.count))))"
        }
        let writeId = builder.name(Self.writeIdAttribute)
        let tokenValue = builder.value(.s(token))
        assignments.append("\(writeId) = \(tokenValue)")
        var text = "SET " + assignments.joined(separator: ", ")
        if !removedPaths.isEmpty { text += " REMOVE " + removedPaths.joined(separator: ", ") }
        let conditionText = "\(builder.name(ConversationAttribute.leaseOwner)) = \(builder.value(.s(owner)))"
            + " AND (attribute_not_exists(\(writeId)) OR \(writeId) <> \(tokenValue))" + trimCondition
        self.update = builder.expression(text)
        self.condition = builder.expression(conditionText)
        self.token = token
    }

    /// True when `item`, returned with a failed condition, was written by this very call (an
    /// earlier attempt of it went through).
    func wasApplied(_ item: DynamoDBItem?) -> Bool {
        item?[Self.writeIdAttribute]?.stringValue == token
    }
}
