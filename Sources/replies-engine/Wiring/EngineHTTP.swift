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
        let tracker = DeliveryTracker(ports: ports, keys: ingest.signingKeys, settings: config.settings, logger: logger)
        router.addStatusCallbacks(StatusEndpoint(tracker: tracker, publicBaseURL: publicBaseURL, logger: logger))
        router.addEmail(EmailEndpoint(ingest: ingest, logger: logger, exposesOutcome: config.debugOutcomeHeader))
        router.addConsole()
        if let stores = operatorStores { addOperator(to: &router, ports: ports, config: config, stores: stores, logger: logger) }
        return router
    }

    /// The `operator` Lambda's routes: the operator API and the staff console that uses it (its
    /// role reaches nothing else).
    static func operatorRouter(ports: EnginePorts, config: EngineConfiguration, stores: OperatorStores, logger: Logger) -> HTTPRouter {
        var router = HTTPRouter(logger: logger)
        router.addConsole()
        addOperator(to: &router, ports: ports, config: config, stores: stores, logger: logger)
        return router
    }

    private static func addOperator(
        to router: inout HTTPRouter, ports: EnginePorts, config: EngineConfiguration, stores: OperatorStores, logger: Logger
    ) {
        let desk = OperatorDesk(
            ports: ports, tokens: stores.tokens, sends: stores.sends, inbox: stores.inbox, settings: config.settings, logger: logger)
        router.addOperator(OperatorEndpoint(desk: desk, logger: logger))
    }
}
