import ArgumentParser
import Foundation
import Logging
import RepliesConfiguration
import RepliesCore
import ServiceLifecycle
import Twilio
import UnixSignals

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole reply flow locally: seed a sample conversation, start the server, send a burst of messages, show the conversation.",
        discussion: """
            Uses OpenAI when OPENAI_API_KEY is set, otherwise a built-in offline model whose replies say so. \
            Replies are printed to the console unless TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, DEMO_USER_NUMBER \
            and DEMO_COMPANY_NUMBER are set, in which case they go out through Twilio.
            """)

    static let publicBaseURL = "https://replies-demo.example.invalid"

    @Option(help: "Seconds the engine waits to gather a burst of messages.") var batchWindow = 2.0
    @Flag(help: "Delete the demo's data directory at the end (by default it is kept for `inspect`).") var removeData = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-demo-\(UUID().uuidString.prefix(8))").path
        let sample = try DemoSample(ConfigurationValues(environment: environment))
        var values = environment
        values["REPLIES_BACKEND"] = "embedded"
        values["REPLIES_DATA_DIR"] = directory
        values["BATCH_WINDOW_SECONDS"] = String(batchWindow)
        values["REPLIES_MODEL"] = sample.usesOpenAI ? "openai" : "offline"
        values["REPLIES_SENDER"] = sample.usesTwilio ? "twilio" : "console"
        values["LOG_LEVEL"] = environment["LOG_LEVEL"] ?? "warning"
        // Signatures cover the public URL; the demo's is fixed so it does not depend on the port.
        values["PUBLIC_BASE_URL"] = Self.publicBaseURL
        let config = try EngineConfiguration(environment: values)
        let logger = LogSetup.bootstrap(level: config.logLevel, format: config.logFormat)
        let metrics = MetricsSetup.prometheus()

        Console.line("""
            Replies Engine demo
              data directory: \(directory)
              model:  \(sample.usesOpenAI ? "OpenAI (\(config.settings.defaultModel))" : "\(OfflineReplyModel.label) — set OPENAI_API_KEY for real answers")
              sender: \(sample.usesTwilio ? "Twilio" : "console (replies are printed, not sent)")

            """)
        let runtime = try await EngineRuntime.open(config, logger: logger, serving: true)
        _ = try await runtime.seedWriter.write(sample.seed, replacingHistory: false)

        let listening = AsyncStream<String>.makeStream()
        let app = ServeCommand.makeApplication(
            runtime: runtime, config: config, host: "127.0.0.1", port: 0, metrics: metrics, logger: logger,
            onListening: { listening.continuation.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        async let serving: Void = group.run()
        var address = ""
        for await value in listening.stream {
            address = value
            break
        }
        let baseURL = "http://\(address)"
        let screen = ConversationScreen(runtime: runtime, key: sample.key)
        await screen.show()

        // A pause between messages, as a person types, but well inside the window so that each
        // burst is answered as one even on a slow machine.
        let pause = Duration.milliseconds(Int(min(400, batchWindow * 1000 / 8)))
        for burst in sample.bursts {
            var last = ""
            for text in burst {
                Console.line("← user: \(text)")
                let hook = SimulatedWebhook(
                    channel: .whatsapp, from: sample.userNumber, to: sample.companyNumber, body: text, accountSid: sample.twilioAccountSid)
                let response = try await hook.post(to: baseURL, signingBaseURL: Self.publicBaseURL, authToken: sample.twilioAuthToken)
                if response.status != 200 { Console.line("  webhook answered \(response.status): \(response.body)") }
                last = hook.messageSid
                try await Task.sleep(for: pause)
            }
            Console.line("  … waiting \(batchWindow) s for the burst to finish, then the engine answers once")
            await screen.waitForBatch(containing: last, timeout: .seconds(60))
        }
        await screen.showSummary(directory: directory, keptData: !removeData)

        await group.triggerGracefulShutdown()
        try await serving
        try await runtime.close()
        if removeData { try? FileManager.default.removeItem(atPath: directory) }
    }
}
