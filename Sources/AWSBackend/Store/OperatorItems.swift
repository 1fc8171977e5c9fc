import AWSCore
import Foundation
import RepliesCore

/// How the operator table (`OPERATOR_TABLE`) holds its three kinds of item, keyed `pk`/`sk`:
///
/// | item | `pk` | `sk` | `gsi_pk` / `gsi_sk` (the sparse `company-index`) |
/// |---|---|---|---|
/// | token | `token#<sha256 hex>` | `token` | `tokens#<company_id>` / created at (ms) |
/// | send | `send#<company_id>#<idempotency key>` | `send` | — |
/// | inbox line | `inbox#<company_id>#<primary_channel>#<conversation_id>` | `inbox` | `inbox#<company_id>` / handed off at (ms) |
package enum OperatorItems {
    package static let pk = "pk"
    package static let sk = "sk"
    package static let gsiPk = "gsi_pk"
    package static let gsiSk = "gsi_sk"
    package static let companyIndex = "company-index"

    static func ms(_ date: Date) -> AttributeValue { .n(String(EpochTime.milliseconds(date))) }
    static func date(_ value: AttributeValue?) -> Date? { value?.int64Value.map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    static func tokenKey(_ hash: String) -> DynamoDBItem { [pk: .s("token#" + hash), sk: .s("token")] }
    static func sendKey(_ companyId: String, _ key: String) -> DynamoDBItem { [pk: .s("send#\(companyId)#\(key)"), sk: .s("send")] }
    static func inboxKey(_ companyId: String, _ conversation: ConversationKey) -> DynamoDBItem {
        [pk: .s("inbox#\(companyId)#\(conversation.primaryChannel)#\(conversation.conversationId)"), sk: .s("inbox")]
    }

    static func token(_ item: DynamoDBItem) throws -> OperatorToken {
        guard let hash = item["token_hash"]?.stringValue, let company = item["company_id"]?.stringValue,
              let name = item["name"]?.stringValue, let created = date(item["created_at_ms"])
        else { throw AWSBackendError.malformedItem(table: "operator", detail: "a token item lacks token_hash, company_id, name or created_at_ms") }
        return OperatorToken(tokenHash: hash, companyId: company, name: name, createdAt: created, revokedAt: date(item["revoked_at_ms"]))
    }

    static func item(_ token: OperatorToken) -> DynamoDBItem {
        var item = tokenKey(token.tokenHash)
        item["token_hash"] = .s(token.tokenHash)
        item["company_id"] = .s(token.companyId)
        item["name"] = .s(token.name)
        item["created_at_ms"] = ms(token.createdAt)
        item[gsiPk] = .s("tokens#" + token.companyId)
        item[gsiSk] = ms(token.createdAt)
        if let revoked = token.revokedAt { item["revoked_at_ms"] = ms(revoked) }
        return item
    }

    static func item(_ send: OperatorSend) -> DynamoDBItem {
        var item = sendKey(send.companyId, send.idempotencyKey)
        item["company_id"] = .s(send.companyId)
        item["idempotency_key"] = .s(send.idempotencyKey)
        item["primary_channel"] = .s(send.conversation.primaryChannel)
        item["conversation_id"] = .s(send.conversation.conversationId)
        item["fingerprint"] = .s(send.fingerprint)
        item["content"] = .s(send.content)
        item["operator_name"] = .s(send.operatorName)
        item["state"] = .s(send.state.rawValue)
        if let sid = send.sid { item["sid"] = .s(sid) }
        item["created_at_ms"] = ms(send.createdAt)
        item["attempt_expires_at_ms"] = ms(send.attemptExpiresAt)
        item[TableLayouts.ttlAttribute] = .n(String(EpochTime.secondsRoundedUp(send.createdAt.addingTimeInterval(OperatorSend.retention))))
        return item
    }

    static func send(_ item: DynamoDBItem) throws -> OperatorSend {
        guard let company = item["company_id"]?.stringValue, let key = item["idempotency_key"]?.stringValue,
              let pc = item["primary_channel"]?.stringValue, let cid = item["conversation_id"]?.stringValue,
              let fingerprint = item["fingerprint"]?.stringValue, let content = item["content"]?.stringValue,
              let name = item["operator_name"]?.stringValue, let state = item["state"]?.stringValue.flatMap(OperatorSend.State.init(rawValue:)),
              let created = date(item["created_at_ms"]), let expires = date(item["attempt_expires_at_ms"])
        else { throw AWSBackendError.malformedItem(table: "operator", detail: "a send item lacks a field") }
        return OperatorSend(
            companyId: company, idempotencyKey: key, conversation: ConversationKey(primaryChannel: pc, conversationId: cid),
            fingerprint: fingerprint, content: content, operatorName: name, state: state, sid: item["sid"]?.stringValue,
            createdAt: created, attemptExpiresAt: expires)
    }

    static func item(_ entry: InboxEntry) -> DynamoDBItem {
        var item = inboxKey(entry.companyId, entry.conversation)
        item["company_id"] = .s(entry.companyId)
        item["primary_channel"] = .s(entry.conversation.primaryChannel)
        item["conversation_id"] = .s(entry.conversation.conversationId)
        item["handed_off"] = .bool(entry.handedOff)
        item["updated_at_ms"] = ms(entry.updatedAt)
        item[gsiPk] = .s("inbox#" + entry.companyId)
        item[gsiSk] = ms(entry.handedOffAt)
        return item
    }

    static func inbox(_ item: DynamoDBItem) throws -> InboxEntry {
        guard let company = item["company_id"]?.stringValue, let pc = item["primary_channel"]?.stringValue,
              let cid = item["conversation_id"]?.stringValue, let at = date(item[gsiSk]), let updated = date(item["updated_at_ms"])
        else { throw AWSBackendError.malformedItem(table: "operator", detail: "an inbox item lacks a field") }
        let handedOff: Bool = if case .bool(let value)? = item["handed_off"] { value } else { false }
        return InboxEntry(
            companyId: company, conversation: ConversationKey(primaryChannel: pc, conversationId: cid), handedOff: handedOff,
            handedOffAt: at, updatedAt: updated)
    }
}
