import Foundation
import RepliesCore

/// Invented test data in the template sender's shapes (original-system §1.1.5): test phone
/// numbers, zero SIDs and obviously fake credentials only.
enum Fixture {
    static let user = "+447700900123"
    static let otherUser = "+15005550006"
    static let company = "+447700900456"
    static let accountSid = "AC" + String(repeating: "0", count: 32)
    static let authToken = "test-auth-token-not-real"
    static let apiKey = "sk-test-not-a-real-key"
    static let signature = "test-signature"
    static let twilioSecret = "ai-multi-comms/whatsapp-credentials/larkspur-lettings/tenant-onboarding/twilio-dev"
    static let openAISecret = "ai-multi-comms/openai-api-key/whatsapp-dev"
    static let requestId = "3f6c2a1e-8d4b-4c7e-9a51-2b7d9e0c4f11"
    static let conversationId = "ci-bbb-002#pi-bbb-002#\(requestId)#447700900456"
    static let createdAt = "2025-05-01T09:30:12.345678+00:00Z"
    static let templateMessageSid = "SM1a2b3c4d5e6f708192a3b4c5d6e7f801"
    static let templateText = "Hi Sam, this is Priya from Larkspur Lettings about your move-in on 1 June..."

    static var key: ConversationKey { ConversationKey(primaryChannel: user, conversationId: conversationId) }
    static var trigger: Trigger { Trigger(key) }

    static var secrets: [String: [String: String]] {
        [
            twilioSecret: ["twilio_account_sid": accountSid, "twilio_auth_token": authToken, "twilio_template_sid": "HX" + String(repeating: "0", count: 32)],
            openAISecret: ["ai_api_key": apiKey],
        ]
    }

    /// An inbound SID: `SM` + 32 digits.
    static func sid(_ number: Int) -> String {
        let text = String(number)
        return "SM" + String(repeating: "0", count: 32 - text.count) + text
    }

    /// A WhatsApp conversation exactly as the template sender leaves it after the first send:
    /// DynamoDB NULLs as `.null`, `task_complete` as Number 0, malformed `created_at`, a dead
    /// `thread_id`, the `gsi_*` lookup attributes, one assistant entry in `messages`.
    static func record(
        conversationId: String = conversationId, user: String = user, company: String = company,
        createdAt: String = createdAt, status: String = "initial_message_sent", _ overrides: Record = [:]
    ) -> Record {
        var record: Record = [
            "primary_channel": .string(user),
            "conversation_id": .string(conversationId),
            "company_id": .string("ci-bbb-002"), "project_id": .string("pi-bbb-002"),
            "request_id": .string(requestId),
            "channel_method": .string("whatsapp"),
            "company_name": .string("Larkspur Lettings"), "project_name": .string("Tenant Onboarding"),
            "allowed_channels": .list([.string("whatsapp"), .string("email")]),
            "project_status": .string("active"),
            "auto_queue_initial_message": .bool(false),
            "auto_queue_initial_message_from_number": .null, "auto_queue_initial_message_from_email": .null,
            "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_number": .null, "auto_queue_reply_message_from_email": .null,
            "company_rep": .map([
                "company_rep_1": .string("Priya"), "company_rep_2": .null, "company_rep_3": .null,
                "company_rep_4": .null, "company_rep_5": .null,
            ]),
            "ai_config": .map([
                "api_key_reference": .string(openAISecret),
                "assistant_id_template_sender": .string("asst_ExampleTemplate0001"),
                "assistant_id_replies": .string("asst_ExampleReplies00001"),
                "assistant_id_3": .string(""), "assistant_id_4": .string(""), "assistant_id_5": .string(""),
            ]),
            "channel_config": .map([
                "company_whatsapp_number": .string(company),
                "whatsapp_credentials_id": .string(twilioSecret),
            ]),
            "router_version": .string("router-dev-1.0.1"), "processor_version": .string("dev-1.0.0"),
            "recipient_first_name": .string("Sam"), "recipient_last_name": .string("Okafor"),
            "recipient_tel": .string(user), "recipient_email": .string("sam.okafor@example.com"),
            "comms_consent": .bool(true),
            "project_data": .map(["property_ref": .string("LL-2291"), "move_in_date": .string("2025-06-01")]),
            "conversation_status": .string(status),
            "messages": .list([
                .map([
                    "message_id": .string(templateMessageSid), "timestamp": .string("2025-05-01T09:30:20.118240+00:00"),
                    "role": .string("assistant"), "content": .string(templateText),
                    "prompt_tokens": .number("612"), "completion_tokens": .number("74"), "total_tokens": .number("686"),
                ]),
            ]),
            "created_at": .string(createdAt),
            "updated_at": .string("2025-05-01T09:30:20.118501+00:00"),
            "task_complete": .number("0"),
            "initial_request_timestamp": .string("2025-05-01T09:30:00Z"),
            "email_id": .null, "function_call": .bool(false), "function_call_type": .null,
            "thread_id": .string("thread_7Hk2LmQp9RsTuVwXyZ01aBcD"),
            "hand_off_to_human": .bool(false), "hand_off_to_human_reason": .null,
            "initial_processing_time_ms": .number("14873"),
            "gsi_recipient_tel": .string(user),
            "gsi_recipient_email": .string("sam.okafor@example.com"),
            "gsi_company_whatsapp_number": .string(company),
        ]
        record.merge(overrides) { _, new in new }
        return record
    }
}
