import Foundation
import RepliesCore

/// A tenant seeded into the real binary: a template-sender-shaped conversation record (with its
/// DynamoDB NULLs, Number `task_complete` and malformed `created_at`) and its secrets.
struct SampleTenant {
    let user = "+447700900123"
    let company = "+447700900456"
    let accountSid = "AC" + String(repeating: "0", count: 31) + "7"
    let authToken = "e2e-test-auth-token"
    let openAIKey = "sk-e2e-test-key"
    /// Secret names are account-wide on moto (tables and queues are unique per test): a test
    /// that changes the secret's value must use a name of its own.
    var twilioSecret = "ai-multi-comms/whatsapp-credentials/e2e/test/twilio-dev"
    let openAISecret = "ai-multi-comms/openai-api-key/whatsapp-dev"
    let publicBaseURL = "https://hooks.example.test/prod"

    var conversationId: String { "ci-e2e-001#pi-e2e-001#1b6f6a2e-2f0e-4f5a-9d55-7a1f3c2b9e10#\(company.dropFirst())" }

    var record: Record {
        [
            "primary_channel": .string(user), "conversation_id": .string(conversationId),
            "company_id": .string("ci-e2e-001"), "project_id": .string("pi-e2e-001"),
            "channel_method": .string("whatsapp"), "company_name": .string("Example Homes"),
            "project_name": .string("Viewings"), "allowed_channels": .list([.string("whatsapp")]),
            "project_status": .string("active"), "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_number": .null,
            "company_rep": .map(["company_rep_1": .string("Alex"), "company_rep_2": .null]),
            "ai_config": .map(["api_key_reference": .string(openAISecret), "assistant_id_replies": .string("")]),
            "channel_config": .map([
                "company_whatsapp_number": .string(company), "whatsapp_credentials_id": .string(twilioSecret),
            ]),
            "recipient_first_name": .string("Sam"), "recipient_tel": .string(user), "recipient_email": .null,
            "project_data": .map(["viewing_slot": .string("Tuesday 10:00")]),
            "conversation_status": .string("initial_message_sent"),
            "messages": .list([.map([
                "message_id": .string("SM" + String(repeating: "a", count: 32)), "timestamp": .string("2026-11-24T09:30:20.118240+00:00"),
                "role": .string("assistant"), "content": .string("Hi Sam, is Tuesday 10:00 still good for the viewing?"),
                "prompt_tokens": .int(600), "completion_tokens": .int(40), "total_tokens": .int(640),
            ])]),
            "created_at": .string("2026-11-24T09:30:12.345678+00:00Z"), "updated_at": .string("2026-11-24T09:30:20.402113+00:00"),
            "task_complete": .int(0), "thread_id": .null, "hand_off_to_human": .bool(false),
            "hand_off_to_human_reason": .null, "initial_processing_time_ms": .int(14873),
            "gsi_recipient_tel": .string(user), "gsi_company_whatsapp_number": .string(company),
        ]
    }

    func seedFile(in directory: URL) throws -> String {
        let seed: [String: RecordValue] = [
            "conversations": .list([.map(record)]),
            "secrets": .map([
                twilioSecret: .map(["twilio_account_sid": .string(accountSid), "twilio_auth_token": .string(authToken)]),
                openAISecret: .map(["ai_api_key": .string(openAIKey)]),
            ]),
        ]
        let url = directory.appendingPathComponent("seed.json")
        try JSONEncoder().encode(seed).write(to: url)
        return url.path
    }
}
