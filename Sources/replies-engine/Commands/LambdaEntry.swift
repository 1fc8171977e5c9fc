import ArgumentParser
import Foundation
import LambdaRuntime
import Logging
import RepliesCore
import RepliesServer

/// The AWS Lambda shape: the same binary, installed as `bootstrap`, serves the Runtime API with
/// the handler named by `_HANDLER` (`webhook`, `worker` or `sweeper`, the scheduled re-scheduling of stale fragments). Init work (configuration, clients)
/// happens once per execution environment.
enum LambdaEntry {
    static func run(environment: [String: String]) async throws {
        // A configuration error is an init failure: reported to /runtime/init/error by the loop
        // (so it shows in the function's error metrics and log), not a silent process exit.
        let parsed = Result { try EngineConfiguration(environment: environment) }
        let logger = LogSetup.bootstrap(level: (try? parsed.get())?.logLevel ?? .info)
        let handlers: LambdaHandlers = [
            "webhook": { _ in
                let config = try parsed.get()
                guard let publicBaseURL = config.publicBaseURL else {
                    throw ConfigurationError.missing("PUBLIC_BASE_URL", "on Lambda: the URL Twilio posts to (API URL + stage)")
                }
                let runtime = try await EngineRuntime.open(config, logger: logger)
                let endpoint = WebhookEndpoint(
                    ingest: Ingest(ports: runtime.ports, settings: config.settings, logger: logger),
                    publicBaseURL: publicBaseURL, logger: logger)
                return WebhookEventHandler { request in
                    let answer = await endpoint.handle(path: request.path, query: request.query, signature: request.signature, body: request.body)
                    return WebhookHTTPResponse(status: answer.status, contentType: answer.contentType, body: answer.body)
                }
            },
            "worker": { _ in
                let config = try parsed.get()
                let runtime = try await EngineRuntime.open(config, logger: logger)
                var settings = TriggerEventSettings()
                // Only when set: otherwise the handler's default, which matches the template's queues.
                if config.values["QUEUE_VISIBILITY_TIMEOUT_SECONDS"] != nil {
                    settings.visibilityTimeout = config.queueVisibility
                }
                return TriggerEventHandler(
                    source: runtime.triggers,
                    processor: BatchProcessor(ports: runtime.ports, settings: config.settings, logger: logger),
                    settings: settings)
            },
            "sweeper": { _ in
                let config = try parsed.get()
                let runtime = try await EngineRuntime.open(config, logger: logger)
                let sweeper = PendingSweeper(ports: runtime.ports, settings: config.settings, logger: logger)
                return ClosureLambdaHandler { _, _ in
                    let rescheduled = await sweeper.sweepOnce()
                    return Data("{\"rescheduled\":\(rescheduled)}".utf8)
                }
            },
        ]
        try await LambdaLoop.run(environment: environment, handlers: handlers, logger: logger)
    }
}

struct LambdaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambda",
        abstract: "Serve the AWS Lambda Runtime API (what `bootstrap` does when AWS_LAMBDA_RUNTIME_API is set).")

    func run() async throws {
        try await LambdaEntry.run(environment: ProcessInfo.processInfo.environment)
    }
}
