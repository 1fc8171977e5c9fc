// Debug builds only: release builds (the Lambda artifact, `swift build -c release`) contain none
// of this, so no environment variable can make a production process kill itself.
#if DEBUG
import Foundation
import Logging
import RepliesConfiguration
import RepliesCore

/// A point in the batch flow where a debug build of the engine kills itself with SIGKILL, so the
/// end-to-end tests can prove that a worker dying *there* loses no message and sends no
/// duplicate. Armed by `REPLIES_DEBUG_CRASH_AT=<raw value>`; the process gets a real `kill -9`:
/// no `defer`, no graceful shutdown, no flushed state.
///
/// ```swift
/// // REPLIES_DEBUG_CRASH_AT=after-send replies-engine serve   (a debug build)
/// if let point = try CrashPoint.armed(in: config.values) { ports = point.wrap(ports, logger: logger) }
/// ```
enum CrashPoint: String, CaseIterable, Sendable {
    /// The lease is held and the fragments are read; the model has not been asked.
    case beforeModelCall = "before-model-call"
    /// The model answered; nothing about the reply is persisted yet.
    case afterModelCall = "after-model-call"
    /// Twilio accepted the message; the pending reply does not know its SID yet.
    case afterSend = "after-send"
    /// The final write (both turns, `reply_sent`, lease released) succeeded; on AWS the staged
    /// fragments are not marked done yet (the embedded backend marks them in the same commit).
    case afterRecord = "after-record"

    /// The armed point, nil when the key (``DebugKeys``) is unset; an unknown value fails at start.
    static func armed(in values: ConfigurationValues) throws(ConfigurationError) -> CrashPoint? {
        let key = DebugKeys().crashAt
        guard let text = try values.optional(key) else { return nil }
        guard let point = CrashPoint(rawValue: text) else {
            throw .invalid(key: key.name, value: text, expected: "one of " + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return point
    }

    /// The ports with the one decorator this point needs.
    func wrap(_ ports: EnginePorts, logger: Logger) -> EnginePorts {
        logger.warning("debug crash point armed: this process will kill itself", metadata: ["point": "\(rawValue)"])
        var wrapped = ports
        switch self {
        case .beforeModelCall, .afterModelCall: wrapped.model = CrashingReplyModel(inner: ports.model, point: self)
        case .afterSend: wrapped.sender = CrashingMessageSender(inner: ports.sender)
        case .afterRecord:
            wrapped.conversations = CrashingConversationStore(inner: ports.conversations)
            wrapped.batchCommits = ports.batchCommits.map { CrashingBatchCommits(inner: $0) }
        }
        return wrapped
    }

    /// `kill -9` of this process.
    static func killSelf() -> Never {
        _ = kill(getpid(), SIGKILL)
        // SIGKILL cannot be caught, so this line is never reached; abort keeps the type honest.
        abort()
    }
}

/// Dies before or after the model call.
struct CrashingReplyModel: ReplyModel {
    let inner: any ReplyModel
    let point: CrashPoint

    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        if point == .beforeModelCall { CrashPoint.killSelf() }
        let reply = try await inner.reply(to: prompt, apiKey: apiKey)
        if point == .afterModelCall { CrashPoint.killSelf() }
        return reply
    }
}

/// Dies as soon as the provider accepted a message, before the engine records its SID.
struct CrashingMessageSender: MessageSender {
    let inner: any MessageSender

    func send(_ message: OutboundMessage) async throws -> SentMessage {
        _ = try await inner.send(message)
        CrashPoint.killSelf()
    }

    func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] {
        try await inner.sentMessages(channel: channel, from: from, to: to, since: since, credentials: credentials)
    }
}

/// Dies right after the final write of a batch that sent a reply, where the backend combines it
/// with the fragments' clean-up (the embedded backend).
struct CrashingBatchCommits: BatchCommits {
    let inner: any BatchCommits

    func acquireLeaseReleasingTriggerLock(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition {
        try await inner.acquireLeaseReleasingTriggerLock(key, owner: owner, now: now, until: until)
    }

    func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate, markingDone done: FragmentsDone) async throws -> Bool {
        let written = try await inner.updateAndRelease(key, owner: owner, update, markingDone: done)
        if written && update.appendMessages.contains(where: { $0.role == .assistant }) { CrashPoint.killSelf() }
        return written
    }
}

/// Dies right after the write that records an assistant turn and releases the lease: the
/// batch's final update. Every other store call passes through.
struct CrashingConversationStore: ConversationStore {
    let inner: any ConversationStore

    func updateAndRelease(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        let written = try await inner.updateAndRelease(key, owner: owner, update)
        if written && update.appendMessages.contains(where: { $0.role == .assistant }) { CrashPoint.killSelf() }
        return written
    }

    func findConversations(channel: Channel, companyNumber: String, userNumber: String) async throws -> [Conversation] {
        try await inner.findConversations(channel: channel, companyNumber: companyNumber, userNumber: userNumber)
    }

    func credentialsReferences(channel: Channel, companyNumber: String, limit: Int) async throws -> [String] {
        try await inner.credentialsReferences(channel: channel, companyNumber: companyNumber, limit: limit)
    }

    func conversation(_ key: ConversationKey) async throws -> Conversation? { try await inner.conversation(key) }

    func acquireLease(_ key: ConversationKey, owner: String, now: Date, until: Date) async throws -> LeaseAcquisition {
        try await inner.acquireLease(key, owner: owner, now: now, until: until)
    }

    func extendLease(_ key: ConversationKey, owner: String, until: Date) async throws -> Bool {
        try await inner.extendLease(key, owner: owner, until: until)
    }

    func update(_ key: ConversationKey, owner: String, _ update: ConversationUpdate) async throws -> Bool {
        try await inner.update(key, owner: owner, update)
    }

    func put(_ record: Record) async throws { try await inner.put(record) }

    func operatorUpdate(_ key: ConversationKey, _ update: ConversationUpdate, recordingSid: String?) async throws -> OperatorWrite {
        try await inner.operatorUpdate(key, update, recordingSid: recordingSid)
    }

    func compareAndSet(_ key: ConversationKey, attribute: String, expectedRevision: Int?, set: Record) async throws -> CompareAndSetResult {
        try await inner.compareAndSet(key, attribute: attribute, expectedRevision: expectedRevision, set: set)
    }
}
#endif
