import AWSCore
import RepliesCore

/// One ``ConversationUpdate`` as a single conditional UpdateItem:
/// `SET a = :v, …, messages = list_append(if_not_exists(messages, :empty), :new) REMOVE …`
/// under `reply_lease_owner = :me`. Refuses template-sender fields, keys and contradictory paths.
struct ConversationUpdatePlan {
    let update: DynamoDBExpression
    let condition: DynamoDBExpression
    let set: Record
    let appended: [RecordValue]
    let removed: [String]
    /// Whether re-sending after an ambiguous failure is harmless. A release is (its condition
    /// fails on the second attempt and ``isReflected(in:owner:)`` recognises it); an append that
    /// keeps the lease is not.
    let isIdempotent: Bool

    init(_ change: ConversationUpdate, owner: String, releasing: Bool) throws {
        var removed = change.remove
        if releasing {
            for name in ConversationUpdate.leaseAttributes where !removed.contains(name) { removed.append(name) }
        }
        for name in Array(change.set.keys) + removed where ProtectedAttributes.names.contains(name) {
            throw AWSBackendError.forbiddenUpdate("'\(name)' belongs to the template sender or is a key")
        }
        if let both = removed.first(where: { change.set[$0] != nil }) {
            throw AWSBackendError.forbiddenUpdate("'\(both)' is both set and removed")
        }
        if !change.appendMessages.isEmpty, change.set[ConversationAttribute.messages] != nil || removed.contains(ConversationAttribute.messages) {
            throw AWSBackendError.forbiddenUpdate("messages may only be appended to, never replaced")
        }
        if releasing, let name = ConversationUpdate.leaseAttributes.first(where: { change.set[$0] != nil }) {
            throw AWSBackendError.forbiddenUpdate("'\(name)' cannot be set while releasing the lease")
        }

        var builder = ExpressionBuilder()
        var assignments: [String] = []
        for name in change.set.keys.sorted() {
            guard let value = change.set[name] else { continue }
            assignments.append("\(builder.name(name)) = \(builder.value(AttributeValue(value)))")
        }
        let appended = change.appendMessages.map(\.recordValue)
        if !appended.isEmpty {
            let messages = builder.name(ConversationAttribute.messages)
            let empty = builder.value(.l([]))
            let new = builder.value(.l(appended.map(AttributeValue.init)))
            assignments.append("\(messages) = list_append(if_not_exists(\(messages), \(empty)), \(new))")
        }
        var clauses: [String] = []
        if !assignments.isEmpty { clauses.append("SET " + assignments.joined(separator: ", ")) }
        let removals = removed.map { builder.name($0) }
        if !removals.isEmpty { clauses.append("REMOVE " + removals.joined(separator: ", ")) }
        if clauses.isEmpty {
            // Nothing to change: still check the lease with a no-op assignment of the owner.
            let ownerName = builder.name(ConversationAttribute.leaseOwner)
            clauses.append("SET \(ownerName) = \(ownerName)")
        }
        let conditionText = "\(builder.name(ConversationAttribute.leaseOwner)) = \(builder.value(.s(owner)))"
        self.update = builder.expression(clauses.joined(separator: " "))
        self.condition = builder.expression(conditionText)
        self.set = change.set
        self.appended = appended
        self.removed = removed
        self.isIdempotent = appended.isEmpty || releasing
    }

    /// True when `item` (read after the condition failed) already shows this exact change and
    /// the lease is no longer `owner`'s: the first attempt of a retried call went through.
    func isReflected(in item: DynamoDBItem, owner: String) -> Bool {
        guard !set.isEmpty || !appended.isEmpty else { return false }
        guard item[ConversationAttribute.leaseOwner]?.stringValue != owner else { return false }
        for (name, value) in set where item[name] != AttributeValue(value) { return false }
        for name in removed where item[name] != nil { return false }
        if !appended.isEmpty {
            guard case .l(let messages)? = item[ConversationAttribute.messages], messages.count >= appended.count,
                  Array(messages.suffix(appended.count)) == appended.map(AttributeValue.init)
            else { return false }
        }
        return true
    }
}
