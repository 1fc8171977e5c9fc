import AWSBackend
import AWSCore
import Foundation
import RepliesCore
import Synchronization
import Testing
import RepliesConfiguration

@Suite("Conversation store on moto, against template-sender records")
struct ConversationStoreMotoTests {
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    func key(_ item: DynamoDBItem) -> ConversationKey {
        ConversationKey(primaryChannel: item["primary_channel"]?.stringValue ?? "", conversationId: item["conversation_id"]?.stringValue ?? "")
    }

    @Test("every record of a number pair is found through the GSI, and the usable one is chosen")
    func lookup() async throws {
        try await MotoBackend.with { backend in
            let (current, failed, older) = TemplateSenderRecords.pair()
            for item in [current, failed, older] { try await backend.dynamo.putItem(table: backend.report.plan.conversationsTable, item: item) }
            let store = backend.ports.conversations
            let found = try await store.findConversations(channel: .whatsapp, companyNumber: TemplateSenderRecords.company, userNumber: TemplateSenderRecords.user)
            #expect(Set(found.map(\.key.conversationId)) == Set([current, failed, older].map { key($0).conversationId }))
            #expect(ConversationSelection.choose(found)?.key == key(current))
            let chosen = try #require(found.first { $0.key == key(current) })
            #expect(chosen.createdAt != nil, "the malformed created_at parses")
            #expect(chosen.taskComplete == 0)
            #expect(chosen.channelConfig(for: .whatsapp).credentialsSecretName == "test/whatsapp-credentials/larkspur-lettings/tenant-onboarding/twilio-dev")
            #expect(chosen.record["recipient_last_name"] == .null)
            #expect(try await store.findConversations(channel: .sms, companyNumber: TemplateSenderRecords.company, userNumber: TemplateSenderRecords.user).isEmpty)
            #expect(try await store.findConversations(channel: .whatsapp, companyNumber: TemplateSenderRecords.company, userNumber: "+15005550006").isEmpty)
        }
    }

    @Test("many matches are paged, never cut at one")
    func lookupPages() async throws {
        try await MotoBackend.with { backend in
            let items = (0..<30).map { TemplateSenderRecords.item(request: "req-\($0)") }
            try await backend.dynamo.batchWrite(table: backend.report.plan.conversationsTable, requests: items.map { .put(item: $0) })
            let found = try await backend.ports.conversations.findConversations(
                channel: .whatsapp, companyNumber: TemplateSenderRecords.company, userNumber: TemplateSenderRecords.user)
            #expect(found.count == 30)
        }
    }

    @Test("lease: taken, busy, expired-but-present is free, same owner re-enters, missing is not created")
    func lease() async throws {
        try await MotoBackend.with { backend in
            let table = backend.report.plan.conversationsTable
            let item = TemplateSenderRecords.item()
            try await backend.dynamo.putItem(table: table, item: item)
            let store = backend.ports.conversations
            let conversation = key(item)

            guard case .acquired(let previous) = try await store.acquireLease(conversation, owner: "w1", now: t0, until: t0.addingTimeInterval(300)) else {
                Issue.record("first acquire must succeed"); return
            }
            #expect(previous.status == "initial_message_sent", "the record as it was before")
            let held = try #require(try await store.conversation(conversation))
            #expect(held.status == ConversationStatus.processingReply)
            #expect(held.lease?.owner == "w1" && held.lease?.expiresAt == t0.addingTimeInterval(300))
            #expect(held.record[ConversationAttribute.leaseExpiresAt] == .number(String(Timestamp.epochMilliseconds(t0) + 300_000)))

            guard case .busy(let until) = try await store.acquireLease(conversation, owner: "w2", now: t0.addingTimeInterval(10), until: t0.addingTimeInterval(310)) else {
                Issue.record("a second owner must find it busy"); return
            }
            #expect(until == t0.addingTimeInterval(300))
            guard case .acquired = try await store.acquireLease(conversation, owner: "w1", now: t0.addingTimeInterval(20), until: t0.addingTimeInterval(320)) else {
                Issue.record("the holder may take it again"); return
            }
            #expect(try await store.extendLease(conversation, owner: "w1", until: t0.addingTimeInterval(400)))
            #expect(try await !store.extendLease(conversation, owner: "w2", until: t0.addingTimeInterval(400)))

            // Expired (still stored): another worker takes over and the old holder can no longer write.
            guard case .acquired = try await store.acquireLease(conversation, owner: "w2", now: t0.addingTimeInterval(400), until: t0.addingTimeInterval(700)) else {
                Issue.record("an expired lease is free"); return
            }
            #expect(try await !store.update(conversation, owner: "w1", ConversationUpdate(set: ["reply_failure_reason": .string("x")])))

            let missing = ConversationKey(primaryChannel: "+15005550006", conversationId: "ci-none#pi-none#r#15005550006")
            guard case .missing = try await store.acquireLease(missing, owner: "w1", now: t0, until: t0.addingTimeInterval(300)) else {
                Issue.record("a missing record is reported"); return
            }
            #expect(try await backend.dynamo.getItem(table: table, key: ["primary_channel": .s(missing.primaryChannel), "conversation_id": .s(missing.conversationId)]) == nil,
                    "no stub record is created (6.B.9)")
        }
    }

    @Test("update and release keep every template-sender attribute and type; messages in the contract shape")
    func updatesKeepTypes() async throws {
        try await MotoBackend.with { backend in
            let table = backend.report.plan.conversationsTable
            let original = TemplateSenderRecords.item()
            try await backend.dynamo.putItem(table: table, item: original)
            let store = backend.ports.conversations
            let conversation = key(original)
            guard case .acquired = try await store.acquireLease(conversation, owner: "w1", now: t0, until: t0.addingTimeInterval(300)) else {
                Issue.record("acquire"); return
            }
            let pending: Record = ["batch_id": .string("b1"), "parts": .list([.string("Hello")])]
            #expect(try await store.update(conversation, owner: "w1", ConversationUpdate(set: [ConversationAttribute.pendingReply: .map(pending)])))

            let user = MessageEntry(messageId: "SM0f1e2d3c4b5a69788796a5b4c3d2e1f0", timestamp: "2025-05-01T10:02:03.120Z", role: .user, content: "Hi, yes 1 June works\nCan I collect keys at 9am?")
            let assistant = MessageEntry(
                messageId: "SM9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", timestamp: "2025-05-01T10:02:31.401Z", role: .assistant,
                content: "Great, 9am on 1 June is booked.", tokens: TokenUsage(prompt: 1893, completion: 61, total: 1954))
            let finish = ConversationUpdate(
                set: [
                    ConversationAttribute.status: .string(ConversationStatus.replySent),
                    ConversationAttribute.updatedAt: .string("2025-05-01T10:02:31.402Z"),
                    ConversationAttribute.taskComplete: .int(0),
                    ConversationAttribute.handOffToHuman: .bool(false),
                    ConversationAttribute.replyProcessingTimeMs: .int(2150),
                ],
                appendMessages: [user, assistant], remove: [ConversationAttribute.pendingReply])
            #expect(try await !store.updateAndRelease(conversation, owner: "intruder", finish), "only the holder writes")
            #expect(try await store.updateAndRelease(conversation, owner: "w1", finish))
            #expect(try await !store.updateAndRelease(conversation, owner: "w1", finish), "released: a second write is refused")

            let stored = try #require(try await backend.dynamo.getItem(table: table, key: ["primary_channel": original["primary_channel"]!, "conversation_id": original["conversation_id"]!]))
            let changed: Set<String> = ["conversation_status", "updated_at", "messages", "reply_processing_time_ms"]
            for (name, value) in original where !changed.contains(name) {
                #expect(stored[name] == value, "\(name) is untouched, type included")
            }
            #expect(stored["task_complete"] == .n("0"))
            #expect(stored["conversation_status"] == .s("reply_sent"))
            #expect(stored["reply_processing_time_ms"] == .n("2150"))
            for gone in [ConversationAttribute.leaseOwner, ConversationAttribute.leaseExpiresAt, ConversationAttribute.pendingReply] {
                #expect(stored[gone] == nil, "\(gone) removed")
            }
            guard case .l(let messages)? = stored["messages"] else { Issue.record("messages"); return }
            #expect(messages.count == 3)
            #expect(messages[0] == original["messages"].flatMap { if case .l(let l) = $0 { l.first } else { nil } })
            #expect(messages[1] == .m([
                "message_id": .s("SM0f1e2d3c4b5a69788796a5b4c3d2e1f0"), "timestamp": .s("2025-05-01T10:02:03.120Z"),
                "role": .s("user"), "content": .s("Hi, yes 1 June works\nCan I collect keys at 9am?"),
            ]))
            #expect(messages[2] == .m([
                "message_id": .s("SM9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"), "timestamp": .s("2025-05-01T10:02:31.401Z"),
                "role": .s("assistant"), "content": .s("Great, 9am on 1 June is booked."),
                "prompt_tokens": .n("1893"), "completion_tokens": .n("61"), "total_tokens": .n("1954"),
            ]))
        }
    }

    @Test("template-sender fields, keys and contradictions are refused before anything is sent")
    func forbiddenUpdates() async throws {
        try await MotoBackend.with { backend in
            let original = TemplateSenderRecords.item()
            try await backend.dynamo.putItem(table: backend.report.plan.conversationsTable, item: original)
            let store = backend.ports.conversations
            let conversation = key(original)
            _ = try await store.acquireLease(conversation, owner: "w1", now: t0, until: t0.addingTimeInterval(300))
            for update in [
                ConversationUpdate(set: ["initial_processing_time_ms": .int(1)]),
                ConversationUpdate(set: ["created_at": .string("x")]),
                ConversationUpdate(remove: ["thread_id"]),
                ConversationUpdate(set: ["reply_failure_reason": .string("a")], remove: ["reply_failure_reason"]),
                ConversationUpdate(set: ["messages": .list([])], appendMessages: [MessageEntry(messageId: "m", timestamp: "t", role: .user, content: "c")]),
            ] {
                await #expect(throws: ConversationUpdateError.self) { try await store.update(conversation, owner: "w1", update) }
            }
        }
    }

    @Test("put writes a whole record; a record without keys is refused")
    func put() async throws {
        try await MotoBackend.with { backend in
            let record: Record = ["primary_channel": .string("+15005550006"), "conversation_id": .string("c#p#r#1"), "task_complete": .number("0"), "thread_id": .null]
            try await backend.ports.conversations.put(record)
            let read = try #require(try await backend.ports.conversations.conversation(ConversationKey(primaryChannel: "+15005550006", conversationId: "c#p#r#1")))
            #expect(read.record == record)
            await #expect(throws: (any Error).self) { try await backend.ports.conversations.put(["task_complete": .number("0")]) }
        }
    }
}

/// Delivers every request to moto but loses the answer of the first UpdateItem that carries
/// `messages`, as a dropped connection would: the client retries a write that was applied.
final class LosingFirstAnswerExecutor: AWSHTTPExecutor {
    struct ConnectionReset: Error {}
    private let inner = AsyncHTTPClientExecutor()
    private let lost = Mutex(false)

    func execute(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        let response = try await inner.execute(request, timeout: timeout)
        let isAppend = request.header("X-Amz-Target") == "DynamoDB_20120810.UpdateItem"
            && String(decoding: request.body, as: UTF8.self).contains("list_append")
        if isAppend, response.status == 200, lost.withLock({ done in defer { done = true }; return !done }) {
            throw ConnectionReset()
        }
        return response
    }
}

@Suite("Conversation store retries on moto")
struct ConversationStoreRetryMotoTests {
    @Test("a write whose answer was lost is retried, reported as done, and appended once", arguments: [false, true])
    func lostAnswer(releasing: Bool) async throws {
        try await MotoBackend.with { backend in
            let table = backend.report.plan.conversationsTable
            let original = TemplateSenderRecords.item()
            try await backend.dynamo.putItem(table: table, item: original)
            let store = try AWSBackendPorts(environment: backend.environment, executor: LosingFirstAnswerExecutor()).conversations
            let key = ConversationKey(primaryChannel: TemplateSenderRecords.user, conversationId: original["conversation_id"]?.stringValue ?? "")
            let now = Date(timeIntervalSince1970: 1_750_000_000)
            _ = try await store.acquireLease(key, owner: "w1", now: now, until: now.addingTimeInterval(300))
            let update = ConversationUpdate(
                set: [ConversationAttribute.status: .string(ConversationStatus.replySent)],
                appendMessages: [MessageEntry(messageId: "SM1", timestamp: "2025-05-01T10:00:00.000Z", role: .user, content: "hi")])
            let written = releasing
                ? try await store.updateAndRelease(key, owner: "w1", update)
                : try await store.update(key, owner: "w1", update)
            #expect(written)
            let stored = try #require(try await store.conversation(key))
            #expect(stored.messages.count == 2, "the original entry and one appended, not two")
            #expect(stored.lease == nil || !releasing)
            #expect(try await !store.update(key, owner: "w2", update), "another owner still cannot write")
        }
    }
}
