import Foundation
import RepliesCore

/// Invented, template-sender-shaped data for the contract tests (original-system §1.1.5).
enum ContractRecords {
    static let userNumber = "+447700900123"
    static let companyNumber = "+447700900456"
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    static func conversationId(_ suffix: String, companyNumber: String = companyNumber) -> String {
        "ci-aaa-001#pi-aaa-001#\(suffix)#\(companyNumber.dropFirst())"
    }

    static func key(_ suffix: String, user: String = userNumber) -> ConversationKey {
        ConversationKey(primaryChannel: user, conversationId: conversationId(suffix))
    }

    /// A WhatsApp conversation after one reply cycle, with every DynamoDB type the shared table uses.
    static func whatsappRecord(
        _ suffix: String, user: String = userNumber, company: String = companyNumber, status: String = "initial_message_sent"
    ) -> Record {
        [
            "primary_channel": .string(user),
            "conversation_id": .string(conversationId(suffix, companyNumber: company)),
            "company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"),
            "request_id": .string(suffix),
            "channel_method": .string("whatsapp"),
            "company_name": .string("Larkspur Lettings"), "project_name": .null,
            "allowed_channels": .list([.string("whatsapp"), .string("email")]),
            "project_status": .string("active"),
            "auto_queue_initial_message": .bool(false),
            "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_number": .null,
            "company_rep": .map(["company_rep_1": .string("Priya"), "company_rep_2": .null]),
            "ai_config": .map([
                "api_key_reference": .string("ai-multi-comms/openai-api-key/whatsapp-test"),
                "assistant_id_3": .string(""),
            ]),
            "channel_config": .map([
                "company_whatsapp_number": .string(company),
                "whatsapp_credentials_id": .string("ai-multi-comms/whatsapp-credentials/test"),
            ]),
            "recipient_tel": .string(user),
            "comms_consent": .bool(true),
            "project_data": .map([
                "property_ref": .string("LL-0001"),
                "deposit": .number("950.5"),
                "rooms": .list([.map(["name": .string("Küche ☕"), "area": .number("-7")]), .list([])]),
                "empty": .map([:]),
            ]),
            "conversation_status": .string(status),
            "messages": .list([
                MessageEntry(
                    messageId: "SM" + String(repeating: "0", count: 32), timestamp: "2026-01-01T00:00:05.000Z",
                    role: .assistant, content: "Hi, this is Priya from Larkspur Lettings.",
                    tokens: TokenUsage(prompt: 612, completion: 74, total: 686)
                ).recordValue,
            ]),
            "created_at": .string("2026-01-01T00:00:00.345678+00:00Z"),
            "task_complete": .number("0"),
            "thread_id": .null,
            "hand_off_to_human": .bool(false), "hand_off_to_human_reason": .null,
            "initial_processing_time_ms": .number("14873"),
            "tags": .stringSet(["b-tag", "a-tag"]),
            "scores": .numberSet(["3", "1.5"]),
            "gsi_recipient_tel": .string(user),
            "gsi_company_whatsapp_number": .string(company),
        ]
    }

    /// The same conversation on SMS: only the SMS lookup attribute.
    static func smsRecord(_ suffix: String, user: String = userNumber, company: String = companyNumber) -> Record {
        var record = whatsappRecord(suffix, user: user, company: company)
        record["channel_method"] = .string("sms")
        record["channel_config"] = .map(["company_sms_number": .string(company)])
        record.removeValue(forKey: "gsi_company_whatsapp_number")
        record["gsi_company_sms_number"] = .string(company)
        return record
    }

    static func fragment(_ sid: String, conversation: String = conversationId("r1"), at offsetMs: Int64, body: String? = nil) -> Fragment {
        Fragment(
            conversationId: conversation, messageSid: sid, primaryChannel: userNumber, channel: .whatsapp,
            body: body ?? "body of \(sid)",
            media: offsetMs % 2 == 0 ? [] : [MediaItem(url: "https://api.example.com/media/\(sid)", contentType: "image/jpeg")],
            // Exact milliseconds: every backend must give back the same `Date`.
            receivedAt: Timestamp.date(epochMilliseconds: Timestamp.epochMilliseconds(start) + offsetMs)
        )
    }

    static func message(_ id: String, _ role: MessageEntry.Role, _ content: String) -> MessageEntry {
        MessageEntry(messageId: id, timestamp: "2026-01-01T00:01:00.000Z", role: role, content: content,
                     tokens: role == .assistant ? TokenUsage(prompt: 10, completion: 5, total: 15) : nil)
    }

    /// A lease as comparable text (`ReplyLease` has no package initialiser): "owner@epochMs", nil when none.
    static func lease(_ conversation: Conversation?) -> String? {
        conversation?.lease.map { lease($0.owner, $0.expiresAt) }
    }

    static func lease(_ owner: String, _ expiresAt: Date) -> String {
        "\(owner)@\(Timestamp.epochMilliseconds(expiresAt))"
    }

    /// Sets compare as sets: DynamoDB does not keep their order.
    static func normalized(_ record: Record) -> Record {
        record.mapValues(normalized)
    }

    private static func normalized(_ value: RecordValue) -> RecordValue {
        switch value {
        case .stringSet(let items): .stringSet(items.sorted())
        case .numberSet(let items): .numberSet(items.sorted())
        case .list(let items): .list(items.map(normalized))
        case .map(let fields): .map(fields.mapValues(normalized))
        default: value
        }
    }
}
