import Logging
import RepliesConfiguration
import RepliesCore
import RepliesHTTP

/// The routes of both shapes (`serve` and the Lambda `webhook` handler), registered once.
enum EngineHTTP {
    static func router(ports: EnginePorts, config: EngineConfiguration, publicBaseURL: String, logger: Logger) -> HTTPRouter {
        var router = HTTPRouter(logger: logger)
        router.addHealth()
        router.addWebhooks(WebhookEndpoint(
            ingest: Ingest(ports: ports, settings: config.settings, logger: logger), publicBaseURL: publicBaseURL, logger: logger,
            exposesOutcome: config.debugOutcomeHeader))
        return router
    }
}
