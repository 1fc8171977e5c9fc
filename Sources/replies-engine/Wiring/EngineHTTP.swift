import Logging
import RepliesConfiguration
import RepliesCore
import RepliesHTTP

/// The routes of both shapes (`serve` and the Lambda `webhook` handler), registered once.
enum EngineHTTP {
    static func router(
        ports: EnginePorts, config: EngineConfiguration, publicBaseURL: String, logger: Logger, operatorStores: OperatorStores? = nil
    ) -> HTTPRouter {
        var router = HTTPRouter(logger: logger)
        router.addHealth()
        // One ingest for every channel: its signing-key cache is what keeps authentication cheap.
        let ingest = Ingest(ports: ports, settings: config.settings, logger: logger)
        router.addWebhooks(WebhookEndpoint(
            ingest: ingest, publicBaseURL: publicBaseURL, logger: logger, exposesOutcome: config.debugOutcomeHeader))
        router.addEmail(EmailEndpoint(ingest: ingest, logger: logger, exposesOutcome: config.debugOutcomeHeader))
        if let stores = operatorStores {
            let desk = OperatorDesk(
                ports: ports, tokens: stores.tokens, sends: stores.sends, inbox: stores.inbox, settings: config.settings, logger: logger)
            router.addOperator(OperatorEndpoint(desk: desk, logger: logger))
        }
        return router
    }
}
