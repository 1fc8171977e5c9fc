/// Attributes of a conversation record that belong to the template sender (or are keys): the
/// engine never writes them (original-system.md §7.6). `conversation_status`, `updated_at`,
/// `messages`, `hand_off_to_human(_reason)` and `task_complete` are shared and may be written.
enum ProtectedAttributes {
    static let names: Set<String> = [
        "primary_channel", "conversation_id", "company_id", "project_id", "request_id", "channel_method",
        "company_name", "project_name", "allowed_channels", "project_status",
        "auto_queue_initial_message", "auto_queue_initial_message_from_number", "auto_queue_initial_message_from_email",
        "auto_queue_reply_message", "auto_queue_reply_message_from_number", "auto_queue_reply_message_from_email",
        "company_rep", "ai_config", "channel_config", "router_version", "processor_version",
        "recipient_first_name", "recipient_last_name", "recipient_tel", "recipient_email", "comms_consent",
        "project_data", "created_at", "initial_request_timestamp", "email_id", "function_call", "function_call_type",
        "thread_id", "initial_processing_time_ms", "failure_reason",
        "gsi_recipient_tel", "gsi_recipient_email", "gsi_company_whatsapp_number", "gsi_company_sms_number", "gsi_company_email",
    ]
}
