import BenchSupport
import Foundation
import RepliesCore
import Twilio

// Writes what the ingest benchmark replays:
//   OUT/seed.json      tenants × users conversations (template-sender shaped) and the tenants' secrets,
//                      for `replies-engine seed` and the Python baseline's dict store;
//   OUT/requests.tsv   one correctly signed WhatsApp webhook per line, `signature<TAB>body`, each with
//                      its own MessageSid, spread over every conversation (deterministic order).
//
//   bench-webhooks --out bench/out/load --tenants 4 --users 1000 --requests 60000 \
//                  --url https://hooks.example.test/whatsapp
//
// Numbers are test numbers only: users +447700900000…+447700900999 (Ofcom's drama range),
// companies +15005550000…+15005550009 (Twilio's magic numbers). Tokens are obviously fake.

struct Options {
    var out = "bench/out/load"
    var tenants = 4
    var users = 1000
    var requests = 60_000
    var url = "https://hooks.example.test/whatsapp"

    init(_ arguments: [String]) throws {
        var index = 1
        func value() throws -> String {
            guard index + 1 < arguments.count else { throw Usage("\(arguments[index]) needs a value") }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--out": out = try value()
            case "--tenants": tenants = try Int(value()) ?? 0
            case "--users": users = try Int(value()) ?? 0
            case "--requests": requests = try Int(value()) ?? 0
            case "--url": url = try value()
            default: throw Usage("unknown argument \(arguments[index])")
            }
            index += 1
        }
        guard (1...10).contains(tenants), (1...1000).contains(users), requests > 0 else {
            throw Usage("need 1…10 tenants, 1…1000 users, requests > 0")
        }
    }
}

struct Usage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct Tenant {
    let index: Int
    var companyNumber: String { "+1500555000\(index)" }
    var secretName: String { "ai-multi-comms/whatsapp-credentials/bench-\(index)/load/twilio-dev" }
    var authToken: String { "bench-fake-auth-token-\(index)" }
    var accountSid: String { "AC" + String(repeating: "0", count: 31) + "\(index)" }
}

func userNumber(_ user: Int) -> String { "+447700900" + String(format: "%03d", user) }

func conversationId(_ tenant: Tenant, _ user: Int) -> String {
    let request = String(format: "%08lx-0000-4000-8000-%012lx", tenant.index, user)
    return "ci-bench-\(tenant.index)#pi-bench-\(tenant.index)#\(request)#\(tenant.companyNumber.dropFirst())"
}

func record(_ tenant: Tenant, _ user: Int) -> RecordValue {
    .map(TemplateSenderRecord.make(
        user: userNumber(user), conversationId: conversationId(tenant, user),
        company: .init(id: "ci-bench-\(tenant.index)", projectId: "pi-bench-\(tenant.index)", name: "Bench Homes \(tenant.index)", number: tenant.companyNumber),
        twilioSecret: tenant.secretName, openAISecret: "ai-multi-comms/openai-api-key/whatsapp-dev"))
}

let options: Options
do {
    options = try Options(CommandLine.arguments)
} catch {
    FileHandle.standardError.write(Data("bench-webhooks: \(error)\n".utf8))
    exit(2)
}
let tenants = (0..<options.tenants).map(Tenant.init)
try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)

var conversations: [RecordValue] = []
var secrets: [String: RecordValue] = ["ai-multi-comms/openai-api-key/whatsapp-dev": .map(["ai_api_key": .string("sk-bench-fake-key")])]
for tenant in tenants {
    secrets[tenant.secretName] = .map([
        "twilio_account_sid": .string(tenant.accountSid), "twilio_auth_token": .string(tenant.authToken),
    ])
    for user in 0..<options.users { conversations.append(record(tenant, user)) }
}
let seed: RecordValue = .map(["conversations": .list(conversations), "secrets": .map(secrets)])
try JSONEncoder().encode(seed).write(to: URL(fileURLWithPath: options.out + "/seed.json"))

// A fixed multiplicative step visits every conversation before repeating one; SIDs are unique.
let total = options.tenants * options.users
var lines: [String] = []
lines.reserveCapacity(options.requests)
let bodies = ["Yes, Tuesday works", "Can I bring my partner?", "Thanks! See you then", "What is the address again?"]
for request in 0..<options.requests {
    let conversation = (request &* 7919) % total
    let tenant = tenants[conversation / options.users]
    let user = conversation % options.users
    let hook = SimulatedWebhook(
        channel: .whatsapp, from: userNumber(user), to: tenant.companyNumber, body: bodies[request % bodies.count],
        messageSid: "SM" + String(format: "%032lx", 0xBE4C_0000_0000 + request), accountSid: tenant.accountSid, profileName: "Sam")
    let signed = hook.signed(url: options.url, authToken: tenant.authToken)
    lines.append(signed.signature + "\t" + signed.body)
}
try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: options.out + "/requests.tsv"))
print("bench-webhooks: \(conversations.count) conversations, \(options.requests) signed webhooks in \(options.out)")
