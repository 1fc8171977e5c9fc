package import RepliesCore

/// A conversation record as the template sender leaves it (one assistant message sent), for the
/// benchmarks' seeded tenants. Test numbers and fake secret names only.
///
/// ```swift
/// let record = TemplateSenderRecord.make(
///     user: "+447700900001", conversationId: id, company: .init(id: "ci-bench", projectId: "pi-bench", name: "Bench Homes", number: "+15005550006"),
///     twilioSecret: "…/twilio-dev", openAISecret: "…/whatsapp-dev")
/// ```
package enum TemplateSenderRecord {
    package struct Company: Sendable {
        package var id: String
        package var projectId: String
        package var name: String
        package var number: String

        package init(id: String, projectId: String, name: String, number: String) {
            self.id = id
            self.projectId = projectId
            self.name = name
            self.number = number
        }
    }

    package static func make(user: String, conversationId: String, company: Company, twilioSecret: String, openAISecret: String) -> Record {
        [
            "primary_channel": .string(user), "conversation_id": .string(conversationId),
            "company_id": .string(company.id), "project_id": .string(company.projectId),
            "channel_method": .string("whatsapp"), "company_name": .string(company.name),
            "project_name": .string("Viewings"), "allowed_channels": .list([.string("whatsapp")]),
            "project_status": .string("active"), "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_number": .null,
            "company_rep": .map(["company_rep_1": .string("Alex"), "company_rep_2": .null]),
            "ai_config": .map(["api_key_reference": .string(openAISecret)]),
            "channel_config": .map([
                "company_whatsapp_number": .string(company.number), "whatsapp_credentials_id": .string(twilioSecret),
            ]),
            "recipient_first_name": .string("Sam"), "recipient_tel": .string(user), "recipient_email": .null,
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
            "gsi_recipient_tel": .string(user), "gsi_company_whatsapp_number": .string(company.number),
        ]
    }
}
