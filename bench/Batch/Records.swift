import Foundation
import RepliesCore

/// Template-sender-shaped conversations for the batch benchmark (test numbers, fake secrets).
enum BenchRecords {
    static let company = "+15005550006"
    static let twilioSecret = "ai-multi-comms/whatsapp-credentials/bench/batch/twilio-dev"
    static let openAISecret = "ai-multi-comms/openai-api-key/whatsapp-dev"
    static let secrets: [String: [String: String]] = [
        twilioSecret: ["twilio_account_sid": "AC" + String(repeating: "0", count: 32), "twilio_auth_token": "bench-fake-auth-token"],
        openAISecret: ["ai_api_key": "sk-bench-fake-key"],
    ]

    /// Users +447700900000… (Ofcom's drama range); at most 1000 per company number.
    static func key(_ index: Int) -> ConversationKey {
        let user = "+447700900" + String(format: "%03d", index % 1000)
        let request = String(format: "%08lx-0000-4000-8000-%012lx", index / 1000, index)
        return ConversationKey(primaryChannel: user, conversationId: "ci-bench#pi-bench#\(request)#\(company.dropFirst())")
    }

    /// A record with one earlier exchange in `messages`, as after the template send.
    static func record(_ index: Int) -> Record {
        let key = key(index)
        return [
            "primary_channel": .string(key.primaryChannel), "conversation_id": .string(key.conversationId),
            "company_id": .string("ci-bench"), "project_id": .string("pi-bench"),
            "channel_method": .string("whatsapp"), "company_name": .string("Bench Homes"),
            "project_name": .string("Viewings"), "allowed_channels": .list([.string("whatsapp")]),
            "project_status": .string("active"), "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_number": .null,
            "company_rep": .map(["company_rep_1": .string("Alex"), "company_rep_2": .null]),
            "ai_config": .map(["api_key_reference": .string(openAISecret)]),
            "channel_config": .map([
                "company_whatsapp_number": .string(company), "whatsapp_credentials_id": .string(twilioSecret),
            ]),
            "recipient_first_name": .string("Sam"), "recipient_tel": .string(key.primaryChannel), "recipient_email": .null,
            "project_data": .map(["viewing_slot": .string("Tuesday 10:00")]),
            "conversation_status": .string("initial_message_sent"),
            "messages": .list([.map([
                "message_id": .string("SM" + String(repeating: "a", count: 32)),
                "timestamp": .string("2026-11-24T09:30:20.118240+00:00"), "role": .string("assistant"),
                "content": .string("Hi Sam, is Tuesday 10:00 still good for the viewing?"),
                "prompt_tokens": .int(600), "completion_tokens": .int(40), "total_tokens": .int(640),
            ])]),
            "created_at": .string("2026-11-24T09:30:12.345678+00:00Z"), "updated_at": .string("2026-11-24T09:30:20.402113+00:00"),
            "task_complete": .int(0), "thread_id": .null, "hand_off_to_human": .bool(false), "hand_off_to_human_reason": .null,
            "initial_processing_time_ms": .int(14873),
            "gsi_recipient_tel": .string(key.primaryChannel), "gsi_company_whatsapp_number": .string(company),
        ]
    }

    /// The burst a person types: `count` fragments a few milliseconds apart.
    static func fragments(_ index: Int, count: Int, at start: Date) -> [Fragment] {
        let key = key(index)
        let bodies = ["Yes, Tuesday works", "Can I bring my partner?", "Also, is parking available?", "Thanks!"]
        return (0..<count).map { part in
            Fragment(
                conversationId: key.conversationId, messageSid: "SM" + String(format: "%024lx%08lx", index, part),
                primaryChannel: key.primaryChannel, channel: .whatsapp, body: bodies[part % bodies.count],
                receivedAt: start.addingTimeInterval(Double(part) * 0.004))
        }
    }
}
