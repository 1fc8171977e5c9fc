import BenchSupport
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
        return TemplateSenderRecord.make(
            user: key.primaryChannel, conversationId: key.conversationId,
            company: .init(id: "ci-bench", projectId: "pi-bench", name: "Bench Homes", number: company),
            twilioSecret: twilioSecret, openAISecret: openAISecret)
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
