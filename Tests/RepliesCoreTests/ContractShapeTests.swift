import Foundation
import RepliesCore
import Testing

@Suite("Data contract shapes")
struct ContractShapeTests {
    @Test func userEntryHasExactlyTheFourContractKeys() throws {
        let entry = MessageEntry(messageId: Fixture.sid(1), timestamp: "2025-05-01T10:02:31.401Z", role: .user, content: "Hi\nthere")
        let map = try #require(entry.recordValue.mapValue)
        #expect(map == [
            "message_id": .string(Fixture.sid(1)), "timestamp": .string("2025-05-01T10:02:31.401Z"),
            "role": .string("user"), "content": .string("Hi\nthere"),
        ])
    }

    @Test func assistantEntryCarriesTokenCountsAsNumbers() throws {
        let entry = MessageEntry(
            messageId: "SM9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", timestamp: "t", role: .assistant, content: "Great",
            tokens: TokenUsage(prompt: 1893, completion: 61, total: 1954))
        let map = try #require(entry.recordValue.mapValue)
        #expect(Set(map.keys) == ["message_id", "timestamp", "role", "content", "prompt_tokens", "completion_tokens", "total_tokens"])
        #expect(map["prompt_tokens"] == .number("1893"))
        #expect(map["completion_tokens"] == .number("61"))
        #expect(map["total_tokens"] == .number("1954"))
        // Missing usage is written as zeros, as the original did.
        let bare = try #require(MessageEntry(messageId: "SM1", timestamp: "t", role: .assistant, content: "x").recordValue.mapValue)
        #expect(bare["total_tokens"] == .number("0"))
    }

    @Test func entriesWrittenByTheTemplateSenderAreRead() throws {
        let conversation = try Conversation(record: Fixture.record())
        let entry = try #require(conversation.messages.first)
        #expect(entry.messageId == Fixture.templateMessageSid)
        #expect(entry.role == .assistant)
        #expect(entry.tokens == TokenUsage(prompt: 612, completion: 74, total: 686))
        #expect(MessageEntry(value: entry.recordValue) == entry)
    }

    @Test func conversationReadsTheTemplateSenderRecordTreatingNullAsAbsent() throws {
        let conversation = try Conversation(record: Fixture.record())
        #expect(conversation.key == Fixture.key)
        #expect(conversation.status == "initial_message_sent")
        #expect(conversation.channel == .whatsapp)
        #expect(conversation.taskComplete == 0)
        #expect(conversation.handOffToHuman == false)
        #expect(conversation.handOffToHumanReason == nil)
        #expect(conversation.autoQueueReplyFromNumbers.isEmpty)
        #expect(conversation.allowedChannels == ["whatsapp", "email"])
        #expect(conversation.createdAt.map(Timestamp.epochMilliseconds) == 1_746_091_812_345)
        #expect(conversation.channelConfig(for: .whatsapp).companyNumber == Fixture.company)
        #expect(conversation.channelConfig(for: .whatsapp).credentialsSecretName == Fixture.twilioSecret)
        #expect(conversation.channelConfig(for: .sms).companyNumber == nil)
        #expect(conversation.aiConfig.apiKeyReference == Fixture.openAISecret)
        #expect(conversation.aiConfig.model == nil)
        #expect(conversation.lease == nil)
        #expect(conversation.pendingReply == nil)
        #expect(conversation.optedOut == false)
        #expect(!conversation.isFailedByTemplateSender)
    }

    @Test func conversationNeedsItsKey() {
        var record = Fixture.record()
        record["conversation_id"] = .null
        #expect(throws: ConversationError.missingAttribute("conversation_id")) { try Conversation(record: record) }
        #expect(throws: ConversationError.missingAttribute("primary_channel")) { try Conversation(record: ["conversation_id": .string("c")]) }
    }

    @Test func pendingReplyRoundTripsThroughItsRecord() throws {
        let pending = PendingReply(
            batchId: BatchId.of([Fixture.sid(1), Fixture.sid(2)]), fragmentSids: [Fixture.sid(1), Fixture.sid(2)],
            userTurn: MessageEntry(messageId: Fixture.sid(1), timestamp: "2026-01-01T00:00:00.000Z", role: .user, content: "a\nb"),
            reply: ModelReply(content: "Sure.", handOffToHuman: true, handOffToHumanReason: nil, taskComplete: true,
                              usage: TokenUsage(prompt: 10, completion: 2, total: 12)),
            parts: ["Sure."], sentSids: ["SM" + String(repeating: "0", count: 31) + "9"],
            createdAt: Timestamp.date(epochMilliseconds: 1_767_225_600_123))
        let record = pending.record
        #expect(record.map("reply")?["hand_off_to_human_reason"] == .null)
        #expect(record.map("reply")?["prompt_tokens"] == .number("10"))
        var decoded = try #require(PendingReply(record: record))
        // Dates go through text: the same millisecond, not necessarily the same binary value.
        #expect(Timestamp.epochMilliseconds(decoded.createdAt) == 1_767_225_600_123)
        decoded.createdAt = pending.createdAt
        #expect(decoded == pending)
        #expect(pending.isFullySent)
        #expect(PendingReply(record: ["batch_id": .string("x")]) == nil)
    }

    @Test func handoffNoticeIsCompactJSONWithoutBodies() throws {
        let conversation = try Conversation(record: Fixture.record())
        let notice = HandoffNotice(
            reason: .modelRequested, detail: "asks for a person", conversation: conversation, channel: .whatsapp,
            messageSids: [Fixture.sid(1)], batchId: "abc", createdAt: Timestamp.date(epochMilliseconds: 1_767_225_600_000))
        let body = notice.jsonBody()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(Set(object.keys) == [
            "type", "reason", "detail", "conversation_id", "primary_channel", "channel", "company_id", "project_id",
            "message_sids", "batch_id", "created_at",
        ])
        #expect(object["type"] as? String == "handoff")
        #expect(object["reason"] as? String == "model_requested")
        #expect(object["created_at"] as? String == "2026-01-01T00:00:00.000Z")
        #expect(!body.contains(Fixture.templateText))
        #expect(try JSONDecoder().decode(HandoffNotice.self, from: Data(body.utf8)) == notice)
    }
}
