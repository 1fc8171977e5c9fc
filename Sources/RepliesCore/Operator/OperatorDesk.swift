package import Foundation
package import Logging

/// The operator API's use cases: who is asking (tokens), the inbox, a transcript, a human's
/// reply (exactly once per idempotency key), take-over and hand-back. Framework-free, so `serve`
/// and the `operator` Lambda share it through `RepliesHTTP`.
///
/// Operator writes never take the reply lease: they are conditional single-record writes
/// (``ConversationStore/operatorUpdate(_:_:recordingSid:)``) beside a worker that may hold it,
/// and a batch re-checks the handoff flag right before it sends.
package struct OperatorDesk: Sendable {
    let ports: EnginePorts
    let tokens: any OperatorTokenStore
    let sends: any OperatorSendLog
    let inbox: any OperatorInbox
    let settings: EngineSettings
    let scheduler: BatchScheduler
    let logger: Logger

    /// How long one send attempt owns its idempotency key before a retry may take it over and
    /// reconcile (longer than the provider's request timeout).
    package static let attemptLease: TimeInterval = 60

    package init(
        ports: EnginePorts, tokens: any OperatorTokenStore, sends: any OperatorSendLog, inbox: any OperatorInbox,
        settings: EngineSettings, logger: Logger = Logger(label: "replies.operator")
    ) {
        self.ports = ports
        self.tokens = tokens
        self.sends = sends
        self.inbox = inbox
        self.settings = settings
        self.scheduler = BatchScheduler(locks: ports.locks, queue: ports.queue, clock: ports.clock, settings: settings)
        self.logger = logger
    }

    var now: Date { ports.clock.now() }

    /// The identity of a valid, unrevoked token, found by its hash; nil otherwise.
    package func authenticate(tokenHash: String) async throws -> OperatorIdentity? {
        guard let token = try await tokens.token(hash: tokenHash), !token.isRevoked,
              ConstantTime.equal(token.tokenHash, tokenHash)
        else { return nil }
        return OperatorIdentity(companyId: token.companyId, name: token.name)
    }

    /// The conversation, when it belongs to the identity's company; ``OperatorError/notFound`` otherwise.
    func owned(_ key: ConversationKey, by identity: OperatorIdentity) async throws -> Conversation {
        guard let conversation = try await ports.conversations.conversation(key), conversation.companyId == identity.companyId else {
            throw OperatorError.notFound
        }
        return conversation
    }

    /// Records what an operator did (never the message text) at info level.
    func log(_ action: String, _ key: ConversationKey, _ identity: OperatorIdentity, _ extra: Logger.Metadata = [:]) {
        var metadata: Logger.Metadata = ["action": "\(action)", "conversation": "\(key)", "operator": "\(identity.name)"]
        metadata.merge(extra) { $1 }
        logger.info("operator action", metadata: metadata)
    }

    /// Mirrors the record's handoff state into the inbox; a failure is logged, not raised: the
    /// record is the truth and the next write repairs the entry.
    func mirror(_ conversation: Conversation, handedOff: Bool, handedOffAt: Date?) async {
        guard let companyId = conversation.companyId else { return }
        let at = handedOffAt ?? conversation.record.string(ConversationAttribute.handedOffAt).flatMap(Timestamp.parse) ?? now
        do {
            try await inbox.upsert(InboxEntry(companyId: companyId, conversation: conversation.key, handedOff: handedOff, handedOffAt: at, updatedAt: now))
        } catch {
            logger.warning("could not update the operator inbox; the next change repairs it", metadata: [
                "conversation": "\(conversation.key)", "error": "\(error)"])
        }
    }
}

/// Comparison whose time does not depend on where two strings differ.
package enum ConstantTime {
    package static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
