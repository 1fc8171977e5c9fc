import AWSCore

/// Conversation items exactly as the template sender's `create_initial_conversation_record` and
/// `update_conversation_after_send` leave them (original-system.md §1.1, §7.2–7.3): boto3 NULLs,
/// Number `task_complete`, the malformed `…+00:00Z` `created_at`, flattened `ai_config` and
/// `channel_config`, sparse GSI attributes. Test numbers only.
enum TemplateSenderRecords {
    static let user = "+447700900123"
    static let company = "+447700900456"

    static func conversationId(_ project: String, _ request: String) -> String {
        "ci-aaa-001#\(project)#\(request)#447700900456"
    }

    /// A record after the first template was sent.
    static func item(
        project: String = "pi-aaa-001", request: String = "3f6c2a1e-8d4b-4c7e-9a51-2b7d9e0c4f11",
        status: String = "initial_message_sent", createdAt: String = "2025-05-01T09:30:12.345678+00:00Z",
        threadId: AttributeValue = .s("thread_7Hk2LmQp9RsTuVwXyZ01aBcD"), messages: [AttributeValue]? = nil
    ) -> DynamoDBItem {
        let assistant: AttributeValue = .m([
            "message_id": .s("SM1a2b3c4d5e6f708192a3b4c5d6e7f801"), "timestamp": .s("2025-05-01T09:30:20.118240+00:00"),
            "role": .s("assistant"), "content": .s("Hi Sam, this is Priya from Larkspur Lettings about your move-in on 1 June..."),
            "prompt_tokens": .n("612"), "completion_tokens": .n("74"), "total_tokens": .n("686"),
        ])
        return [
            "primary_channel": .s(user),
            "conversation_id": .s(conversationId(project, request)),
            "company_id": .s("ci-aaa-001"), "project_id": .s(project), "request_id": .s(request),
            "channel_method": .s("whatsapp"),
            "company_name": .s("Larkspur Lettings"), "project_name": .null,
            "allowed_channels": .l([.s("whatsapp"), .s("email")]), "project_status": .s("active"),
            "auto_queue_initial_message": .bool(false),
            "auto_queue_initial_message_from_number": .null, "auto_queue_initial_message_from_email": .null,
            "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_number": .null, "auto_queue_reply_message_from_email": .null,
            "company_rep": .m(["company_rep_1": .s("Priya"), "company_rep_2": .null, "company_rep_3": .null, "company_rep_4": .null, "company_rep_5": .null]),
            "ai_config": .m([
                "api_key_reference": .s("test/openai-api-key/whatsapp-dev"),
                "assistant_id_template_sender": .s("asst_ExampleTemplate0001"), "assistant_id_replies": .s("asst_ExampleReplies00001"),
                "assistant_id_3": .s(""), "assistant_id_4": .s(""), "assistant_id_5": .s(""),
            ]),
            "channel_config": .m([
                "company_whatsapp_number": .s(company),
                "whatsapp_credentials_id": .s("test/whatsapp-credentials/larkspur-lettings/tenant-onboarding/twilio-dev"),
            ]),
            "router_version": .s("router-dev-1.0.1"), "processor_version": .s("dev-1.0.0"),
            "recipient_first_name": .s("Sam"), "recipient_last_name": .null,
            "recipient_tel": .s(user), "recipient_email": .null,
            "comms_consent": .bool(true),
            "project_data": .m(["property_ref": .s("LL-2291"), "deposit": .n("1250.50")]),
            "conversation_status": .s(status),
            "messages": .l(messages ?? [assistant]),
            "created_at": .s(createdAt),
            "updated_at": .s("2025-05-01T09:30:20.118240+00:00"),
            "task_complete": .n("0"),
            "initial_request_timestamp": .s("2025-05-01T09:30:00Z"),
            "email_id": .null, "function_call": .bool(false), "function_call_type": .null,
            "thread_id": threadId,
            "hand_off_to_human": .bool(false), "hand_off_to_human_reason": .null,
            "initial_processing_time_ms": .n("14873"),
            "gsi_recipient_tel": .s(user),
            "gsi_company_whatsapp_number": .s(company),
        ]
    }

    /// Three records for one number pair: the usable current one, a newer failed one and an older one.
    static func pair() -> (current: DynamoDBItem, failed: DynamoDBItem, older: DynamoDBItem) {
        (
            item(),
            item(project: "pi-aaa-002", request: "9b1d7c44-0a3e-4f55-8c21-5d6e7f809a1b", status: "failed_unknown",
                 createdAt: "2025-05-02T08:00:00.000001+00:00Z", threadId: .null, messages: []),
            item(project: "pi-aaa-003", request: "0c2e8d55-1b4f-4a66-9d32-6e7f8091ab2c",
                 createdAt: "2025-04-01T07:00:00.5+00:00Z")
        )
    }
}
