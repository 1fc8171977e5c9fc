@testable import EmbeddedBackend
import Foundation
import GRDB
import InMemoryBackend
import Logging
import RepliesCore
import Testing

/// What one answered batch costs the embedded database, counted by SQLite itself (its commit
/// hook) and by the writer (which commits waited for the disk): the trigger's claim, the lease
/// with the trigger lock's release, the reply budgets, the pending reply before the send, the
/// final write with the fragments' clean-up, and the trigger's deletion — six commits, of which
/// three wait for the disk (docs/RELIABILITY.md, "Commits per batch"); and what one webhook costs.
@Suite struct CommitsPerBatchTests {
    static let company = "+15005550006"
    static let twilioSecret = "twilio-commits"
    static let openAISecret = "openai-commits"

    @Test func anAnsweredBatchSyncsTheDiskThreeTimes() async throws {
        try await Support.withBackend { backend, clock in
            try backend.secretsWriter.write([
                Self.twilioSecret: ["twilio_account_sid": "AC" + String(repeating: "0", count: 32), "twilio_auth_token": "not-a-real-token"],
                Self.openAISecret: ["ai_api_key": "sk-not-a-real-key"],
            ])
            try await backend.conversations.put(Self.record())
            let key = ConversationKey(primaryChannel: Support.userNumber, conversationId: Support.conversationId)
            let received = clock.now()
            for (index, body) in ["Yes, Tuesday works", "Can I bring my partner?"].enumerated() {
                _ = try await backend.stage.stage(Fragment(
                    conversationId: key.conversationId, messageSid: "SM\(index)", primaryChannel: key.primaryChannel,
                    channel: .whatsapp, body: body, receivedAt: received.addingTimeInterval(Double(index) * 0.004)))
            }
            #expect(try await backend.locks.acquire(conversationId: key.conversationId, now: received, expiresAt: received.addingTimeInterval(130)))
            try await backend.queue.enqueue(Trigger(key), channel: .whatsapp, delay: .zero)
            clock.advance(by: .seconds(11))

            let sender = CountingSender()
            var ports = EnginePorts(
                conversations: backend.conversations, archive: backend.archive, stage: backend.stage, locks: backend.locks,
                queue: backend.queue, secrets: backend.secrets, model: FixedModel(), sender: sender,
                handoff: backend.handoff, verifier: RefusingVerifier(), budgets: backend.budgets, companies: backend.companies, clock: clock)
            ports.batchCommits = backend.batchCommits
            let worker = TriggerWorker(
                source: backend.queue, processor: BatchProcessor(ports: ports, settings: EngineSettings(), logger: Support.quiet),
                timer: clock.sleeping, logger: Support.quiet)

            let hook = CommitCounter()
            backend.database.pool.add(transactionObserver: hook, extent: .observerLifetime)
            let before = backend.database.commits
            let deliveries = try await backend.queue.receive(max: 1, wait: .zero, visibility: .seconds(120))
            #expect(deliveries.count == 1)
            for delivery in deliveries { _ = await worker.handle(delivery) }
            let after = backend.database.commits
            let committedBySQLite = hook.commits

            // The batch did its whole job…
            #expect(sender.count == 1)
            let conversation = try #require(try await backend.conversations.conversation(key))
            #expect(conversation.messages.map(\.role) == [.user, .assistant])
            #expect(try await backend.stage.pendingFragments(conversationId: key.conversationId).isEmpty)
            #expect(try await backend.queue.count() == 0)
            #expect(try await backend.locks.acquire(conversationId: key.conversationId, now: clock.now(), expiresAt: clock.now().addingTimeInterval(130)))
            // …in six commits by SQLite's own count, three of which waited for the disk.
            #expect(committedBySQLite == 6)
            #expect(after.all - before.all == 6)
            #expect(after.synced - before.synced == 3)
        }
    }

    /// A webhook's stage, trigger lock and trigger are one synced commit; a second message of the
    /// burst is staged under the lock already taken (no second trigger); a message already
    /// answered is a duplicate that touches nothing.
    @Test func aWebhookIsOneCommit() async throws {
        try await Support.withBackend { backend, clock in
            let commits = backend.batchCommits
            let now = clock.now()
            let expiry = now.addingTimeInterval(130)
            func stage(_ sid: String) async throws -> StageResult {
                try await commits.stageAndSchedule(
                    Support.fragment(sid, at: now), key: Support.key, channel: .whatsapp, now: now, delay: .seconds(10), lockExpiresAt: expiry)
            }
            let before = backend.database.commits
            #expect(try await stage("SM1") == .staged)
            let first = backend.database.commits
            #expect(first.all - before.all == 1 && first.synced - before.synced == 1)
            #expect(try await backend.queue.count() == 1)
            #expect(try await backend.locks.acquire(conversationId: Support.conversationId, now: now, expiresAt: expiry) == false)

            #expect(try await stage("SM2") == .staged)
            #expect(try await stage("SM2") == .alreadyPending)
            #expect(try await backend.queue.count() == 1)
            #expect(try await backend.stage.pendingFragments(conversationId: Support.conversationId).map(\.messageSid) == ["SM1", "SM2"])

            try await backend.stage.markDone(
                conversationId: Support.conversationId, messageSids: ["SM1"], outcome: .answered, retainUntil: expiry)
            try await backend.locks.release(conversationId: Support.conversationId)
            #expect(try await stage("SM1") == .alreadyDone)
            #expect(try await backend.locks.acquire(conversationId: Support.conversationId, now: now, expiresAt: expiry))
            #expect(try await backend.queue.count() == 1)
        }
    }

    /// A template-sender record for ``Support/key`` with credentials for both secrets.
    static func record() -> RepliesCore.Record {
        var record = Support.record()
        record["gsi_company_whatsapp_number"] = .string(company)
        record["allowed_channels"] = .list([.string("whatsapp")])
        record["project_status"] = .string("active")
        record["channel_config"] = .map([
            "company_whatsapp_number": .string(company), "whatsapp_credentials_id": .string(twilioSecret),
        ])
        record["ai_config"] = .map(["api_key_reference": .string(openAISecret)])
        record["created_at"] = .string("2026-11-24T09:30:12.345678+00:00Z")
        return record
    }
}

/// Answers every prompt at once with the same reply.
private struct FixedModel: ReplyModel {
    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply {
        ModelReply(
            content: "Tuesday at 10 is booked; bring whoever you like.", handOffToHuman: false, handOffToHumanReason: nil,
            taskComplete: false, usage: TokenUsage(prompt: 10, completion: 2, total: 12))
    }
}

/// Sends at once and counts the sends.
private final class CountingSender: MessageSender, @unchecked Sendable {
    private let lock = NSLock()
    private var sends = 0

    var count: Int { lock.withLock { sends } }

    func send(_ message: OutboundMessage) async throws -> SentMessage {
        let sid = lock.withLock {
            sends += 1
            return "SMreply\(sends)"
        }
        return SentMessage(sid: sid, body: message.body)
    }

    func sentMessages(
        channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials
    ) async throws -> [SentMessage] { [] }
}

/// The batch path never checks a signature.
private struct RefusingVerifier: SignatureVerifier {
    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool { false }
}
