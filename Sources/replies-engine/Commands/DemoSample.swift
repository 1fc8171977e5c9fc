import Foundation
import RepliesConfiguration
import RepliesCore

/// The demo's sample tenant: one company, one conversation the template sender has just
/// started (shaped exactly like its records), and the secrets they reference. All numbers are
/// from the UK's reserved drama range; tokens are obviously fake unless real ones are given.
struct DemoSample: Sendable {
    var usesOpenAI: Bool
    var usesTwilio: Bool
    var userNumber: String
    var companyNumber: String
    var twilioAccountSid: String
    var twilioAuthToken: String
    var openAIKey: String

    init(_ values: ConfigurationValues) throws(ConfigurationError) {
        let keys = LocalKeys()
        openAIKey = try values.optional(keys.openAIKey) ?? ""
        usesOpenAI = !openAIKey.isEmpty
        var twilio: [String] = []
        for key in [keys.twilioAccountSid, keys.twilioAuthToken, keys.demoUserNumber, keys.demoCompanyNumber] {
            twilio.append(try values.optional(key) ?? "")
        }
        usesTwilio = twilio.allSatisfy { !$0.isEmpty }
        twilioAccountSid = usesTwilio ? twilio[0] : "AC" + String(repeating: "0", count: 32)
        twilioAuthToken = usesTwilio ? twilio[1] : "demo-auth-token-not-a-secret"
        userNumber = usesTwilio ? twilio[2] : "+447700900123"
        companyNumber = usesTwilio ? twilio[3] : "+447700900456"
    }

    var conversationId: String { "ci-demo-001#pi-demo-001#6f1c2a1e-8d4b-4c7e-9a51-2b7d9e0c4f11#\(companyNumber.dropFirst())" }
    var key: ConversationKey { ConversationKey(primaryChannel: userNumber, conversationId: conversationId) }

    /// What the person types: a burst answered as one, then a request for a human.
    var bursts: [[String]] {
        [
            ["Hi, yes 1 December works for me", "Can I collect the keys at 9am?", "Also, is parking included?"],
            ["Actually, could I talk to a person about the deposit?"],
        ]
    }

    var seed: SeedData {
        let twilioSecret = "ai-multi-comms/whatsapp-credentials/larkspur-lettings/tenant-onboarding/twilio-demo"
        let openAISecret = "ai-multi-comms/openai-api-key/whatsapp-demo"
        let rep: Record = [
            "company_rep_1": .string("Priya"), "company_rep_2": .null, "company_rep_3": .null,
            "company_rep_4": .null, "company_rep_5": .null,
        ]
        let aiConfig: Record = [
            "api_key_reference": .string(openAISecret), "assistant_id_template_sender": .string(""),
            "assistant_id_replies": .string(""), "assistant_id_3": .string(""), "assistant_id_4": .string(""),
            "assistant_id_5": .string(""),
        ]
        let company: Record = [
            "company_id": .string("ci-demo-001"), "project_id": .string("pi-demo-001"),
            "company_name": .string("Larkspur Lettings"), "project_name": .string("Tenant Onboarding"),
            "allowed_channels": .list([.string("whatsapp")]), "project_status": .string("active"),
            "auto_queue_reply_message": .bool(false), "auto_queue_reply_message_from_number": .list([]),
            "company_rep": .map(rep),
            "ai_config": .map(["openai_config": .map(["whatsapp": .map(aiConfig)])]),
            "channel_config": .map(["whatsapp": .map([
                "company_whatsapp_number": .string(companyNumber), "whatsapp_credentials_id": .string(twilioSecret),
            ])]),
        ]
        let created = "2026-11-24T09:30:12.345678+00:00Z"
        let conversation: Record = [
            "primary_channel": .string(userNumber), "conversation_id": .string(conversationId),
            "company_id": .string("ci-demo-001"), "project_id": .string("pi-demo-001"),
            "request_id": .string("6f1c2a1e-8d4b-4c7e-9a51-2b7d9e0c4f11"), "channel_method": .string("whatsapp"),
            "company_name": .string("Larkspur Lettings"), "project_name": .string("Tenant Onboarding"),
            "allowed_channels": .list([.string("whatsapp")]), "project_status": .string("active"),
            "auto_queue_initial_message": .bool(false), "auto_queue_initial_message_from_number": .null,
            "auto_queue_initial_message_from_email": .null, "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_number": .null, "auto_queue_reply_message_from_email": .null,
            "company_rep": .map(rep), "ai_config": .map(aiConfig),
            "channel_config": .map([
                "company_whatsapp_number": .string(companyNumber), "whatsapp_credentials_id": .string(twilioSecret),
            ]),
            "router_version": .string("router-demo-1.0.0"), "processor_version": .string("demo-1.0.0"),
            "recipient_first_name": .string("Sam"), "recipient_last_name": .string("Okafor"),
            "recipient_tel": .string(userNumber), "recipient_email": .null, "comms_consent": .bool(true),
            "project_data": .map(["property_ref": .string("LL-2291"), "move_in_date": .string("2026-12-01")]),
            "conversation_status": .string("initial_message_sent"),
            "messages": .list([MessageEntry(
                messageId: "SM" + String(repeating: "0", count: 31) + "1", timestamp: "2026-11-24T09:30:20.118240+00:00",
                role: .assistant,
                content: "Hi Sam, this is Priya from Larkspur Lettings about your move-in on 1 December. Does that date still work for you?",
                tokens: TokenUsage(prompt: 612, completion: 74, total: 686)).recordValue]),
            "created_at": .string(created), "updated_at": .string(created), "task_complete": .int(0),
            "initial_request_timestamp": .string("2026-11-24T09:30:00Z"), "email_id": .null,
            "function_call": .bool(false), "function_call_type": .null, "thread_id": .null,
            "hand_off_to_human": .bool(false), "hand_off_to_human_reason": .null, "initial_processing_time_ms": .int(14873),
            "gsi_recipient_tel": .string(userNumber), "gsi_company_whatsapp_number": .string(companyNumber),
        ]
        return SeedData(
            companies: [company], conversations: [SeedData.withIndexAttributes(conversation)],
            secrets: [
                twilioSecret: ["twilio_account_sid": twilioAccountSid, "twilio_auth_token": twilioAuthToken],
                openAISecret: ["ai_api_key": usesOpenAI ? openAIKey : "offline-demo-has-no-key"],
            ])
    }
}
