import Foundation
import RepliesCore

/// The tenants the hostile-input tests seed next to ``SampleTenant``: another company with its
/// own auth token (to forge "right request, wrong tenant's token"), and records the template
/// sender or a hand edit could leave broken (no `channel_config`, no `ai_config`, attributes of
/// the wrong type).
struct HostileTenants {
    /// One extra conversation: its number pair and record.
    struct Party {
        var user: String
        var company: String
        var conversationId: String
        var record: Record
    }

    var good = SampleTenant()
    let otherToken = "e2e-other-tenant-token"
    let otherSecret = "ai-multi-comms/whatsapp-credentials/e2e/other/twilio-dev"

    /// A healthy conversation of another company, signed with ``otherToken``.
    var other: Party {
        party(user: "+447700900124", company: "+447700900457", id: "other") {
            $0["channel_config"] = .map([
                "company_whatsapp_number": .string("+447700900457"), "whatsapp_credentials_id": .string(otherSecret),
            ])
        }
    }

    /// No `channel_config`: ingest cannot find the tenant's credentials (defined: 500).
    var noChannelConfig: Party {
        party(user: "+447700900125", company: "+447700900458", id: "no-channel-config") { $0["channel_config"] = nil }
    }

    /// `channel_config` is a string, not a map: read as absent (defined: 500).
    var channelConfigNotAMap: Party {
        party(user: "+447700900126", company: "+447700900459", id: "channel-config-string") { $0["channel_config"] = .string("whatsapp") }
    }

    /// No `ai_config`: the webhook is kept (200); the batch fails permanently and hands off.
    var noAIConfig: Party {
        party(user: "+447700900127", company: "+447700900460", id: "no-ai-config") { $0["ai_config"] = nil }
    }

    /// Template-sender attributes of the wrong DynamoDB type; the ones ingest needs are intact.
    var wrongTypes: Party {
        party(user: "+447700900128", company: "+447700900461", id: "wrong-types") {
            $0["task_complete"] = .string("0")
            $0["created_at"] = .int(20_261_124)
            $0["hand_off_to_human"] = .string("no")
            $0["company_rep"] = .string("Alex")
            $0["project_data"] = .list([.int(1), .null])
            $0["messages"] = .list([.string("not an entry"), .map(["role": .int(3)])])
        }
    }

    var parties: [Party] { [other, noChannelConfig, channelConfigNotAMap, noAIConfig, wrongTypes] }

    /// `seed` input with every tenant and the secrets of the good and the other company.
    func seedFile(in directory: URL) throws -> String {
        let seed: [String: RecordValue] = [
            "conversations": .list([.map(good.record)] + parties.map { .map($0.record) }),
            "secrets": .map([
                good.twilioSecret: .map(["twilio_account_sid": .string(good.accountSid), "twilio_auth_token": .string(good.authToken)]),
                otherSecret: .map(["twilio_account_sid": .string(good.accountSid), "twilio_auth_token": .string(otherToken)]),
                good.openAISecret: .map(["ai_api_key": .string(good.openAIKey)]),
            ]),
        ]
        let url = directory.appendingPathComponent("hostile-seed.json")
        try JSONEncoder().encode(seed).write(to: url)
        return url.path
    }

    private func party(user: String, company: String, id: String, _ edit: (inout Record) -> Void) -> Party {
        let conversationId = "ci-e2e-\(id)#pi-e2e-001#\(company.dropFirst())"
        var record = good.record
        record["primary_channel"] = .string(user)
        record["conversation_id"] = .string(conversationId)
        record["recipient_tel"] = .string(user)
        record["gsi_recipient_tel"] = .string(user)
        record["gsi_company_whatsapp_number"] = .string(company)
        record["channel_config"] = .map([
            "company_whatsapp_number": .string(company), "whatsapp_credentials_id": .string(good.twilioSecret),
        ])
        edit(&record)
        return Party(user: user, company: company, conversationId: conversationId, record: record)
    }
}
