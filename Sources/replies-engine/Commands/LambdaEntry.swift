import ArgumentParser
import Foundation
import LambdaRuntime
import Logging
import RepliesConfiguration
import RepliesCore
import RepliesLambda
import RepliesObservability

/// The AWS Lambda shape: the same binary, installed as `bootstrap`, serves the Runtime API with
/// the handler named by `_HANDLER` (`webhook`, `worker` or `sweeper`, the scheduled re-scheduling of stale fragments). Init work (configuration, clients)
/// happens once per execution environment.
enum LambdaEntry {
    static func run(environment: [String: String]) async throws {
        // A configuration error is an init failure: reported to /runtime/init/error by the loop
        // (so it shows in the function's error metrics and log), not a silent process exit.
        let parsed: Result<EngineConfiguration, ConfigurationError>
        do {
            parsed = .success(try EngineConfiguration(await ConfigurationValues.load(environment: environment)))
        } catch {
            parsed = .failure(error)
        }
        let logger = LogSetup.bootstrap(level: (try? parsed.get())?.logLevel ?? .info, format: (try? parsed.get())?.logFormat ?? .text)
        let metrics = MetricsSetup.embeddedMetricFormat()
        let handlers: LambdaHandlers = [
            "webhook": { _ in
                let config = try parsed.get()
                let publicBaseURL = try config.requiredPublicBaseURL("on Lambda: the URL Twilio posts to (API URL + stage)")
                try LambdaTimeBudgets.checkWebhook(config)
                let runtime = try await EngineRuntime.open(config, logger: logger, oneRequestAtATime: true)
                return HTTPEventHandler(
                    router: EngineHTTP.router(ports: runtime.ports, config: config, publicBaseURL: publicBaseURL, logger: logger))
            },
            "operator": { _ in
                let config = try parsed.get()
                let runtime = try await EngineRuntime.open(config, logger: logger, oneRequestAtATime: true)
                guard let stores = runtime.operatorStores else {
                    throw CommandFailure("the operator function needs OPERATOR_TABLE (the operator API's table)")
                }
                return HTTPEventHandler(router: EngineHTTP.operatorRouter(ports: runtime.ports, config: config, stores: stores, logger: logger))
            },
            "worker": { _ in
                let config = try parsed.get()
                try LambdaTimeBudgets.checkWorker(config)
                let runtime = try await EngineRuntime.open(config, logger: logger, oneRequestAtATime: true)
                var settings = TriggerEventSettings()
                // Only when set: otherwise the handler's default, which matches the template's queues.
                if let visibility = config.queueVisibilitySetting { settings.visibilityTimeout = visibility }
                return TriggerEventHandler(
                    source: runtime.triggers,
                    processor: BatchProcessor(ports: runtime.ports, settings: config.settings, logger: logger),
                    settings: settings)
            },
            "sweeper": { _ in
                let config = try parsed.get()
                let runtime = try await EngineRuntime.open(config, logger: logger, oneRequestAtATime: true)
                let sweeper = PendingSweeper(ports: runtime.ports, settings: config.settings, logger: logger)
                return ClosureLambdaHandler { _, _ in
                    let rescheduled = await sweeper.sweepOnce()
                    return Data("{\"rescheduled\":\(rescheduled)}".utf8)
                }
            },
        ]
        // Every handler ends each invocation with its EMF line, dimensioned by the handler's name.
        let metered = LambdaHandlers(handlers.factories.mapValues { factory -> LambdaHandlers.Factory in
            { @Sendable environment in
                EMFFlushingHandler(try await factory(environment), metrics: metrics, function: environment.handlerName)
            }
        })
        try await LambdaLoop.run(environment: environment, handlers: metered, logger: logger)
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
