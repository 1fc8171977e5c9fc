@testable import EmbeddedBackend
import Foundation
import InMemoryBackend
import Logging
import RepliesCore
import Testing

/// `serve`'s webhook path — lookups, decision and writes in one transaction on the writer
/// (``SQLiteBatchCommits/lookUpAndStage(channel:companyNumber:userNumber:now:delay:lockExpiresAt:plan:)``)
/// — must decide every case as the step-by-step path does (the one the AWS backend takes, here
/// on the in-memory stores): same outcomes, same fragments staged, same triggers.
@Suite struct IngestInOneTransactionTests {
    private static let company = "+447700900456"
    private static let accountSid = "AC" + String(repeating: "1", count: 32)
    private static let secrets: [String: [String: String]] = [
        "tenant-a": ["twilio_account_sid": accountSid, "twilio_auth_token": "token-a"],
        "tenant-b": ["twilio_account_sid": accountSid, "twilio_auth_token": "token-b"],
    ]

    /// The webhooks, in order, and what each must come to.
    private static let script: [(user: String, sid: String, token: String, expected: IngestOutcome)] = [
        ("+447700900001", "SM01", "token-a", .accepted),
        // The same SID again while it is pending: accepted again (its first attempt may not have scheduled).
        ("+447700900001", "SM01", "token-a", .accepted),
        ("+447700900001", "SM02", "token-a", .accepted),
        // No conversation for the pair.
        ("+447700900099", "SM03", "token-a", .unknownConversation),
        // The company's live record says paused, the conversation's snapshot says active.
        ("+447700900003", "SM04", "token-a", .rejected("project is not active (paused)")),
        // The conversation's own secret is tenant-b's: tenant-a's signature is not enough …
        ("+447700900004", "SM05", "token-a", .forbidden("the signature does not match the conversation's secret")),
        // … tenant-b's is.
        ("+447700900004", "SM06", "token-b", .accepted),
        // Already staged in the pair's older conversation: a replay routed to the newer one.
        ("+447700900002", "SM-OLD", "token-a", .duplicate),
        ("+447700900002", "SM07", "token-a", .accepted),
    ]

    @Test func bothPathsDecideAlike() async throws {
        try await Self.withEmbedded { backend, embedded, clock in
            let memoryConversations = InMemoryConversationStore()
            let memoryStage = InMemoryFragmentStage()
            let memoryQueue = InMemoryTriggerQueue(clock: clock)
            let memoryCompanies = InMemoryCompanyDirectory()
            let stepByStep = Self.ports(
                conversations: memoryConversations, stage: memoryStage, locks: InMemoryTriggerLocks(), queue: memoryQueue,
                companies: memoryCompanies, clock: clock)

            for (conversations, companies, stage) in [
                (backend.conversations as any ConversationStore, backend.companies as any CompanyDirectory, backend.stage as any FragmentStage),
                (memoryConversations, memoryCompanies, memoryStage),
            ] {
                for record in Self.records { try await conversations.put(record) }
                try await companies.put(["company_id": .string("ci-p"), "project_id": .string("pi-p"), "project_status": .string("paused")])
                _ = try await stage.stage(Fragment(
                    conversationId: "ci-a#pi-a#old#447700900456", messageSid: "SM-OLD", primaryChannel: "+447700900002",
                    channel: .whatsapp, body: "earlier", receivedAt: clock.now()))
            }

            var outcomes: [String: [IngestOutcome]] = [:]
            for (name, ports) in [("one transaction", embedded), ("step by step", stepByStep)] {
                let ingest = Ingest(ports: ports, settings: EngineSettings(), logger: Support.quiet)
                for step in Self.script {
                    outcomes[name, default: []].append(await ingest.handle(Self.webhook(user: step.user, sid: step.sid, token: step.token)))
                }
            }
            #expect(outcomes["one transaction"] == Self.script.map(\.expected))
            #expect(outcomes["step by step"] == Self.script.map(\.expected))

            for conversationId in Self.records.compactMap({ $0.string("conversation_id") }) {
                let here = try await backend.stage.pendingFragments(conversationId: conversationId)
                let there = try await memoryStage.pendingFragments(conversationId: conversationId)
                #expect(here.map(\.messageSid) == there.map(\.messageSid), "\(conversationId)")
                #expect(here.map(\.body) == there.map(\.body), "\(conversationId)")
            }
            // One trigger per conversation that accepted a message, on both.
            #expect(try await backend.queue.count() == 3)
            #expect(try await memoryQueue.receive(max: 10, wait: .zero, visibility: .seconds(1)).isEmpty)  // not due yet
            clock.advance(by: EngineSettings().batchWindow(for: .whatsapp))
            #expect(try await memoryQueue.receive(max: 10, wait: .zero, visibility: .seconds(1)).count == 3)
        }
    }

    /// A webhook is one transaction: its lookups run on the writer inside the commit that stores
    /// it (no read-only connection is even opened), and that is the only commit.
    @Test func aWebhookIsOneCommit() async throws {
        try await Self.withEmbedded { backend, ports, _ in
            for record in Self.records { try await backend.conversations.put(record) }
            let ingest = Ingest(ports: ports, settings: EngineSettings(), logger: Support.quiet)
            // The first webhook reads the signing secrets' names (a read, not a commit).
            #expect(await ingest.handle(Self.webhook(user: "+447700900001", sid: "SM01", token: "token-a")) == .accepted)
            let before = backend.commitCounts
            #expect(await ingest.handle(Self.webhook(user: "+447700900001", sid: "SM02", token: "token-a")) == .accepted)
            #expect(backend.commitCounts.all == before.all + 1)
            #expect(backend.commitCounts.synced == before.synced + 1)
            #expect(backend.database.lookupConnectionsOpened == 0)
            // The step-by-step path (e-mail takes it) looks up on a read-only connection.
            _ = try await backend.conversations.findConversations(channel: .whatsapp, companyNumber: Self.company, userNumber: "+447700900001")
            #expect(backend.database.lookupConnectionsOpened == 1)
        }
    }

    /// A fresh embedded backend and ports on it that take the one-transaction path; closed after.
    private static func withEmbedded(_ body: (EmbeddedBackend, EnginePorts, ManualClock) async throws -> Void) async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600))
        let backend = try await EmbeddedBackend.open(directory: directory.path, clock: clock, timer: clock.sleeping, logger: Support.quiet)
        var ports = Self.ports(
            conversations: backend.conversations, stage: backend.stage, locks: backend.locks, queue: backend.queue,
            companies: backend.companies, clock: clock)
        ports.ingestCommits = backend.batchCommits
        do {
            try await body(backend, ports, clock)
        } catch {
            try? await backend.close()
            throw error
        }
        try await backend.close()
    }

    private static func ports(
        conversations: any ConversationStore, stage: any FragmentStage, locks: any TriggerLocks, queue: any TriggerQueue,
        companies: any CompanyDirectory, clock: ManualClock
    ) -> EnginePorts {
        EnginePorts(
            conversations: conversations, archive: InMemoryTurnArchive(), stage: stage, locks: locks, queue: queue,
            secrets: InMemorySecrets(secrets), model: UnusedModel(), sender: UnusedSender(), handoff: RecordingHandoffNotifier(),
            verifier: TokenIsTheSignature(), budgets: InMemoryReplyBudgets(), companies: companies, clock: clock)
    }

    private static let records: [Record] = [
        record(user: "+447700900001", id: "ci-a#pi-a#one#447700900456", secret: "tenant-a"),
        record(user: "+447700900002", id: "ci-a#pi-a#old#447700900456", secret: "tenant-a", createdAt: "2026-11-01T09:00:00.000000+00:00Z"),
        record(user: "+447700900002", id: "ci-a#pi-a#new#447700900456", secret: "tenant-a", createdAt: "2026-11-20T09:00:00.000000+00:00Z"),
        record(user: "+447700900003", id: "ci-p#pi-p#three#447700900456", secret: "tenant-a", company: ("ci-p", "pi-p")),
        record(user: "+447700900004", id: "ci-b#pi-b#four#447700900456", secret: "tenant-b"),
    ]

    private static func record(
        user: String, id: String, secret: String, createdAt: String = "2026-11-24T09:30:12.345678+00:00Z",
        company: (String, String) = ("ci-a", "pi-a")
    ) -> Record {
        [
            "primary_channel": .string(user), "conversation_id": .string(id),
            "company_id": .string(company.0), "project_id": .string(company.1),
            "channel_method": .string("whatsapp"), "conversation_status": .string("initial_message_sent"),
            "project_status": .string("active"), "allowed_channels": .list([.string("whatsapp")]),
            "gsi_company_whatsapp_number": .string(Self.company), "gsi_recipient_tel": .string(user),
            "channel_config": .map(["company_whatsapp_number": .string(Self.company), "whatsapp_credentials_id": .string(secret)]),
            "messages": .list([]), "task_complete": .int(0), "created_at": .string(createdAt),
        ]
    }

    private static func webhook(user: String, sid: String, token: String) -> InboundWebhook {
        let message = InboundMessage(
            from: "whatsapp:" + user, to: "whatsapp:" + company, body: "body of \(sid)", messageSid: sid, accountSid: accountSid)
        return InboundWebhook(
            channel: .whatsapp, url: "https://replies.example.test/whatsapp",
            fields: [FormField("MessageSid", sid), FormField("From", message.from), FormField("To", message.to)],
            signature: token, message: message)
    }
}

/// A request is signed by the tenant whose auth token is the signature (the real HMAC is
/// Twilio's adapter's business, tested there).
private struct TokenIsTheSignature: SignatureVerifier {
    func isValid(url: String, fields: [FormField], signature: String, authToken: String) -> Bool { signature == authToken }
}

/// Ingest never asks the model or sends.
private struct UnusedModel: ReplyModel {
    func reply(to prompt: ModelPrompt, apiKey: String) async throws -> ModelReply { throw Unused() }
}

private struct UnusedSender: MessageSender {
    func send(_ message: OutboundMessage) async throws -> SentMessage { throw Unused() }
    func sentMessages(channel: Channel, from: PhoneNumber, to: PhoneNumber, since: Date, credentials: SenderCredentials) async throws -> [SentMessage] {
        throw Unused()
    }
}

private struct Unused: Error {}
