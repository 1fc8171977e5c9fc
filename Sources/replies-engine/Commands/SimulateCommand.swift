import ArgumentParser
import Foundation
import RepliesConfiguration
import RepliesCore
import Twilio
import Logging

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Send a correctly signed Twilio webhook to a running server, for trying it by hand.",
        discussion: """
            The auth token comes from --auth-token, else TWILIO_AUTH_TOKEN, else the configured backend's \
            secret for the conversation (so with the embedded default it just works after `seed`).
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "whatsapp or sms.") var channel: RepliesCore.Channel = .whatsapp
    @Option(help: "The user's number, E.164.") var from: String
    @Option(help: "The company's number, E.164.") var to: String
    @Option(help: "The message text.") var body: String
    @Option(help: "Server base URL to post to.") var url = "http://127.0.0.1:8080"
    @Option(help: "Base URL the server validates signatures against (default: PUBLIC_BASE_URL, else --url).") var signingURL: String?
    @Option(help: "Twilio auth token to sign with.") var authToken: String?
    @Option(help: "MessageSid to use (default: random). Reuse one to simulate a webhook retry.") var messageSid: String?

    func run() async throws {
        let config = try await common.engineConfiguration()
        let token = try await resolveToken(config: config)
        let base = signingURL ?? config.publicBaseURL ?? url
        var hook = SimulatedWebhook(channel: channel, from: from, to: to, body: body)
        if let messageSid { hook.messageSid = messageSid }
        let response = try await hook.post(to: url, signingBaseURL: base, authToken: token)
        print("\(response.status) \(response.body.trimmingCharacters(in: .whitespacesAndNewlines))")
        print("MessageSid \(hook.messageSid)")
        if response.status >= 400 { throw ExitCode.failure }
    }

    private func resolveToken(config: EngineConfiguration) async throws -> String {
        if let authToken { return authToken }
        if let token = try config.values.optional(LocalKeys().twilioAuthToken) { return token }
        let logger = LogSetup.bootstrap(level: .warning)
        let runtime = try await EngineRuntime.open(config, logger: logger)
        defer { Task { try? await runtime.close() } }
        guard let user = PhoneNumber(address: from), let company = PhoneNumber(address: to),
              let conversation = ConversationSelection.choose(
                try await runtime.ports.conversations.findConversations(channel: channel, companyNumber: company.value, userNumber: user.value)),
              let secretName = conversation.channelConfig(for: channel).credentialsSecretName,
              let token = try await runtime.ports.secrets.secret(named: secretName)["twilio_auth_token"]
        else {
            throw CommandFailure("no auth token: pass --auth-token, set TWILIO_AUTH_TOKEN, or seed a conversation for this number pair")
        }
        return token
    }
}

extension RepliesCore.Channel: ExpressibleByArgument {}
