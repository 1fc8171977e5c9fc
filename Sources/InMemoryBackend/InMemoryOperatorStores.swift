package import Foundation
package import RepliesCore

/// ``OperatorTokenStore`` in memory: the reference semantics.
package actor InMemoryOperatorTokens: OperatorTokenStore {
    private var tokens: [String: OperatorToken] = [:]

    package init() {}

    package func create(_ token: OperatorToken) async throws -> Bool {
        guard tokens[token.tokenHash] == nil else { return false }
        tokens[token.tokenHash] = token
        return true
    }

    package func token(hash: String) async throws -> OperatorToken? { tokens[hash] }

    package func tokens(companyId: String) async throws -> [OperatorToken] {
        tokens.values.filter { $0.companyId == companyId }
            .sorted { ($0.createdAt, $0.tokenHash) < ($1.createdAt, $1.tokenHash) }
    }

    package func revoke(companyId: String, name: String, at: Date) async throws -> Int {
        var count = 0
        for (hash, token) in tokens where token.companyId == companyId && token.name == name && token.revokedAt == nil {
            tokens[hash]?.revokedAt = at
            count += 1
        }
        return count
    }
}

/// ``OperatorSendLog`` in memory.
package actor InMemoryOperatorSends: OperatorSendLog {
    private var sends: [String: OperatorSend] = [:]

    package init() {}

    private static func key(_ companyId: String, _ idempotencyKey: String) -> String { companyId + "\n" + idempotencyKey }

    package func claim(_ send: OperatorSend, now: Date) async throws -> OperatorSendClaim {
        let key = Self.key(send.companyId, send.idempotencyKey)
        guard var existing = sends[key] else {
            sends[key] = send
            return .claimed
        }
        switch existing.state {
        case .sent, .recorded: return .finished(existing)
        case .pending:
            guard existing.attemptExpiresAt <= now else { return .busy(existing) }
            let found = existing
            existing.attemptExpiresAt = send.attemptExpiresAt
            sends[key] = existing
            return .resumed(found)
        }
    }

    package func save(_ send: OperatorSend) async throws {
        sends[Self.key(send.companyId, send.idempotencyKey)] = send
    }

    package func delete(companyId: String, idempotencyKey: String) async throws {
        sends.removeValue(forKey: Self.key(companyId, idempotencyKey))
    }
}

/// ``OperatorInbox`` in memory.
package actor InMemoryOperatorInbox: OperatorInbox {
    private var entries: [String: [ConversationKey: InboxEntry]] = [:]

    package init() {}

    package func upsert(_ entry: InboxEntry) async throws {
        entries[entry.companyId, default: [:]][entry.conversation] = entry
    }

    package func page(companyId: String, handedOffOnly: Bool, after cursor: InboxCursor?, limit: Int) async throws -> InboxPage {
        let ordered = (entries[companyId] ?? [:]).values
            .filter { !handedOffOnly || $0.handedOff }
            .filter { cursor?.precedes($0) ?? true }
            .sorted { lhs, rhs in
                let left = Timestamp.epochMilliseconds(lhs.handedOffAt), right = Timestamp.epochMilliseconds(rhs.handedOffAt)
                if left != right { return left > right }
                return (lhs.conversation.primaryChannel, lhs.conversation.conversationId) < (rhs.conversation.primaryChannel, rhs.conversation.conversationId)
            }
        let page = Array(ordered.prefix(max(1, limit)))
        let next = ordered.count > page.count ? page.last.map {
            InboxCursor(handedOffAtMs: Timestamp.epochMilliseconds($0.handedOffAt), conversation: $0.conversation)
        } : nil
        return InboxPage(entries: page, next: next)
    }
}
