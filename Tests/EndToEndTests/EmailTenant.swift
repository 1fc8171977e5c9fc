import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RepliesCore
import Testing

/// An e-mail conversation as the template sender writes it, its SendGrid and OpenAI secrets, and
/// an Inbound Parse signing key made by Python `cryptography` (scripts/email/inbound_parse_post.py):
/// the posts the tests send are built and signed there, never by the engine's code.
struct EmailTenant {
    let person = "sam.okafor@example.com"
    let company = "viewings@homes.example.com"
    let sendGridKey = "SG.e2e-test-key"
    let openAIKey = "sk-e2e-test-key"
    var sendGridSecret = "ai-multi-comms/email-credentials/e2e/\(UUID().uuidString.prefix(8).lowercased())/sendgrid-dev"
    let openAISecret = "ai-multi-comms/openai-api-key/email-dev"
    let templateMessageID = "<template-0001@homes.example.com>"
    /// The Parse security policy's key pair: the public half goes into the secret.
    let signingKey: (privatePEM: URL, publicKey: String)

    var conversationId: String { "ci-e2e-001#pi-e2e-001#6f1d0e2a-8c4b-4f55-9e61-2a7b9c3d4e50#\(company)" }

    init(directory: URL) throws {
        let keys = try JSONSerialization.jsonObject(with: try HelperScript.run("inbound_parse_post.py", ["keygen"], in: "scripts/email"))
        let object = try #require(keys as? [String: String])
        let pem = directory.appendingPathComponent("parse-signing-key.pem")
        try Data(try #require(object["private_key_pem"]).utf8).write(to: pem)
        signingKey = (pem, try #require(object["public_key"]))
    }

    var record: Record {
        [
            "primary_channel": .string(person), "conversation_id": .string(conversationId),
            "company_id": .string("ci-e2e-001"), "project_id": .string("pi-e2e-001"),
            "channel_method": .string("email"), "company_name": .string("Example Homes"),
            "project_name": .string("Viewings"), "allowed_channels": .list([.string("email")]),
            "project_status": .string("active"), "auto_queue_reply_message": .bool(false),
            "auto_queue_reply_message_from_email": .null,
            "company_rep": .map(["company_rep_1": .string("Alex"), "company_rep_2": .null]),
            "ai_config": .map(["api_key_reference": .string(openAISecret), "assistant_id_replies": .string("")]),
            "channel_config": .map(["company_email": .string(company), "email_credentials_id": .string(sendGridSecret)]),
            "recipient_first_name": .string("Sam"), "recipient_tel": .null, "recipient_email": .string(person),
            "project_data": .map(["viewing_slot": .string("Tuesday 10:00")]),
            "conversation_status": .string("initial_message_sent"),
            "messages": .list([.map([
                "message_id": .string(templateMessageID), "timestamp": .string("2026-11-24T09:30:20.118240+00:00"),
                "role": .string("assistant"), "content": .string("Hi Sam, is Tuesday 10:00 still good for the viewing?"),
                "prompt_tokens": .int(600), "completion_tokens": .int(40), "total_tokens": .int(640),
            ])]),
            "created_at": .string("2026-11-24T09:30:12.345678+00:00Z"), "updated_at": .string("2026-11-24T09:30:20.402113+00:00"),
            "task_complete": .int(0), "thread_id": .null, "hand_off_to_human": .bool(false),
            "hand_off_to_human_reason": .null, "email_id": .null,
            "gsi_recipient_email": .string(person), "gsi_company_email": .string(company),
        ]
    }

    func seedFile(in directory: URL) throws -> String {
        let seed: [String: RecordValue] = [
            "conversations": .list([.map(record)]),
            "secrets": .map([
                sendGridSecret: .map([
                    "sendgrid_auth_value": .string(sendGridKey), "sendgrid_from_email": .string(company),
                    "sendgrid_from_name": .string("Example Homes"), "sendgrid_inbound_verification_key": .string(signingKey.publicKey),
                ]),
                openAISecret: .map(["ai_api_key": .string(openAIKey)]),
            ]),
        ]
        let url = directory.appendingPathComponent("seed.json")
        try JSONEncoder().encode(seed).write(to: url)
        return url.path
    }

    /// A signed Inbound Parse post from the person, as SendGrid would deliver it.
    struct Post {
        var contentType: String
        var body: Data
        var timestamp: String
        var signature: String
    }

    func post(
        messageID: String, text: String, subject: String = "Re: Your viewing on Tuesday", headers: [String] = [],
        signedWith key: URL? = nil, timestamp: Int? = nil
    ) throws -> Post {
        var arguments = [
            "post", "--key-pem", (key ?? signingKey.privatePEM).path, "--from", person, "--to", company, "--subject", subject,
            "--text", text, "--message-id", messageID, "--in-reply-to", templateMessageID,
        ]
        for header in headers { arguments += ["--header", header] }
        if let timestamp { arguments += ["--timestamp", String(timestamp)] }
        let output = try JSONSerialization.jsonObject(with: try HelperScript.run("inbound_parse_post.py", arguments, in: "scripts/email"))
        let object = try #require(output as? [String: String])
        let encoded = try #require(object["body_base64"])
        return Post(
            contentType: try #require(object["content_type"]), body: try #require(Data(base64Encoded: encoded)),
            timestamp: try #require(object["timestamp"]), signature: try #require(object["signature"]))
    }

    /// Posts to the engine's `/email` as SendGrid does; returns the status.
    static func send(_ post: Post, to address: String) async throws -> Int {
        var request = HTTPClientRequest(url: address + "/email")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: post.contentType)
        request.headers.add(name: "X-Twilio-Email-Event-Webhook-Signature", value: post.signature)
        request.headers.add(name: "X-Twilio-Email-Event-Webhook-Timestamp", value: post.timestamp)
        request.body = .bytes(ByteBuffer(bytes: post.body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
