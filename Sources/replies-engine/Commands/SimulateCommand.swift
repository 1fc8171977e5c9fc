import ArgumentParser
import Foundation
import RepliesConfiguration
import RepliesCore
import Twilio
import Logging

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Send a correctly signed Twilio webhook to a running server and report what it did.",
        discussion: """
            The auth token comes from --auth-token, else TWILIO_AUTH_TOKEN, else the configured backend's \
            secret for the conversation (so with the embedded default it just works after `seed`). The signature \
            covers the URL: sign for the same PUBLIC_BASE_URL serve checks against (or pass --signing-url). \
            serve reports its decision when started with DEBUG_OUTCOME_HEADER=true (debugging only); otherwise \
            simulate reads the configured backend to tell whether the message was stored. --wait waits for the \
            batch and prints how it ended (the reply, a handoff, a failure).
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "whatsapp or sms.") var channel: RepliesCore.Channel = .whatsapp
    @Option(help: "The user's number, E.164.") var from: String
    @Option(help: "The company's number, E.164.") var to: String
    @Option(help: "The message text.") var body: String
    @Option(help: "Server base URL to post to.") var url = "http://127.0.0.1:8080"
    @Option(help: "Base URL the server validates signatures against (default: PUBLIC_BASE_URL, else --url).") var signingURL: String?
    @Option(help: "Twilio auth token to sign with.") var authToken: String?
    @Option(help: "AccountSid the webhook carries (default: the seeded secret's twilio_account_sid, else TWILIO_ACCOUNT_SID).")
    var accountSid: String?
    @Option(help: "MessageSid to use (default: random). Reuse one to simulate a webhook retry.") var messageSid: String?
    @Option(help: "Seconds to wait for the batch to be answered (0: do not wait).") var wait: Double = 0

    func run() async throws {
        let config = try await common.engineConfiguration()
        _ = LogSetup.bootstrap(level: .warning)
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        try await ServerReachability.check(base)
        let backend = SimulationBackend(config: config, channel: channel, from: from, to: to)
        do {
            try await simulate(base: base, config: config, backend: backend)
        } catch {
            await backend.close()
            throw error
        }
        await backend.close()
    }

    private func simulate(base: String, config: EngineConfiguration, backend: SimulationBackend) async throws {
        let (credentials, tokenSource) = try await resolveCredentials(backend: backend, config: config)
        let signingBase = signingURL ?? config.publicBaseURL ?? base
        let signingSource = signingURL != nil ? "--signing-url" : config.publicBaseURL != nil ? "PUBLIC_BASE_URL" : "--url"
        var hook = SimulatedWebhook(channel: channel, from: from, to: to, body: body)
        if let messageSid { hook.messageSid = messageSid }
        // The engine checks AccountSid against the tenant's secret, as Twilio always sends it.
        if let account = accountSid ?? credentials.accountSid { hook.accountSid = account }
        let answer = try await hook.send(to: base, signingBaseURL: signingBase, authToken: credentials.authToken)
        print("\(answer.status) \(answer.body.trimmingCharacters(in: .whitespacesAndNewlines))")
        print("MessageSid \(hook.messageSid)")

        let report = SimulateReport(
            answer: answer, messageSid: hook.messageSid, signedFor: hook.signingURL(signingBase), signingSource: signingSource,
            tokenSource: tokenSource)
        let outcome = try await report.outcome(backend: backend)
        print(report.explain(outcome))
        if answer.status >= 400 { throw ExitCode.failure }
        if wait > 0, outcome.mayBeAnswered {
            print(try await report.waitForBatch(backend: backend, timeout: wait))
        }
    }

    /// The token to sign with and the account SID to send, and where the token came from.
    private func resolveCredentials(backend: SimulationBackend, config: EngineConfiguration) async throws -> (SimulationBackend.Credentials, String) {
        let configuredAccount = try config.values.optional(LocalKeys().twilioAccountSid)
        if let authToken { return (.init(authToken: authToken, accountSid: configuredAccount), "--auth-token") }
        if let token = try config.values.optional(LocalKeys().twilioAuthToken), !token.isEmpty {
            return (.init(authToken: token, accountSid: configuredAccount), "TWILIO_AUTH_TOKEN")
        }
        guard let credentials = try await backend.credentials() else {
            throw CommandFailure("""
                no auth token: no conversation for this number pair in the configured backend (\(backend.describe)). \
                Pass --auth-token, set TWILIO_AUTH_TOKEN, or seed a conversation for --from/--to first
                """)
        }
        return (credentials, "the seeded secret of the conversation")
    }
}

extension RepliesCore.Channel: ExpressibleByArgument {}
