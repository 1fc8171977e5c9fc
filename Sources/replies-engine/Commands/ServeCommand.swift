import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import RepliesConfiguration
import RepliesCore
import RepliesHTTP
import RepliesObservability
import RepliesServer
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the webhook server and the reply worker in one process.",
        discussion: """
            On the embedded backend one serve owns its data directory (a lock file in it): a second one is refused, \
            and a restarted serve takes over at once what a crashed one left in flight.
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on, 1-65535 (0 picks a free one and prints it; for tests, needs PUBLIC_BASE_URL).") var port = 8080

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port \(port) is not a TCP port: use 1-65535 (or 0 to pick a free one)")
        }
    }

    func run() async throws {
        let config = try await common.engineConfiguration()
        if port == 0 && config.publicBaseURL == nil {
            throw ValidationError("--port 0 needs PUBLIC_BASE_URL: signatures are checked against the public URL, which a random port cannot give")
        }
        let logger = LogSetup.bootstrap(level: config.logLevel, format: config.logFormat)
        let metrics = MetricsSetup.prometheus()
        let runtime = try await EngineRuntime.open(config, logger: logger, serving: true)
        let started = ContinuousClock.now
        do {
            try await Self.serve(runtime: runtime, config: config, host: host, port: port, metrics: metrics, logger: logger) { address in
                logger.info("serve starting", metadata: StartupSummary.metadata(
                    config, listening: address, publicBaseURL: config.publicBaseURL(defaultHost: host, port: port)))
                // Written unbuffered: tests and scripts wait for this line.
                FileHandle.standardOutput.write(Data("replies-engine listening on \(address)\n".utf8))
            }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            try? await runtime.close()
            throw CommandFailure("port \(port) on \(host) is already in use: stop the process that listens there or choose another --port")
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            try? await runtime.close()
            throw CommandFailure("cannot listen on \(host): it is not an address of this machine (--host)")
        } catch {
            try? await runtime.close()
            logger.error("serve stopped on an error", metadata: ["error": "\(error)"])
            throw error
        }
        try await runtime.close()
        logger.info("serve stopped", metadata: ["uptime_s": "\((ContinuousClock.now - started).components.seconds)"])
    }

    /// Runs until SIGTERM/SIGINT; `onListening` receives `host:port` once the socket is bound.
    static func serve(
        runtime: EngineRuntime, config: EngineConfiguration, host: String, port: Int, metrics: PrometheusExport, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws {
        let app = makeApplication(
            runtime: runtime, config: config, host: host, port: port, metrics: metrics, logger: logger, onListening: onListening)
        try await app.runService()
    }

    static func makeApplication(
        runtime: EngineRuntime, config: EngineConfiguration, host: String, port: Int, metrics: PrometheusExport, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void
    ) -> some ApplicationProtocol {
        let processor = BatchProcessor(ports: runtime.ports, settings: config.settings, logger: logger)
        let worker = TriggerWorker(
            source: runtime.triggers, processor: processor, concurrency: config.workerConcurrency,
            visibility: config.queueVisibility, logger: logger)
        let sweeper = PendingSweeper(ports: runtime.ports, settings: config.settings, logger: logger)
        var services: [any Service] = [
            TriggerWorkerService(worker: worker),
            PeriodicService(every: .seconds(60), runsAtStart: true) { await sweeper.sweepOnce() },
        ]
        if let maintenance = runtime.maintenance {
            // The backend purged at open; the next pass is one interval later.
            services.append(PeriodicService(every: runtime.maintenanceInterval, runsAtStart: false, maintenance))
        }
        var router = EngineHTTP.router(
            ports: runtime.ports, config: config, publicBaseURL: config.publicBaseURL(defaultHost: host, port: port), logger: logger,
            operatorStores: runtime.operatorStores)
        if let listener = config.metricsListener {
            // Its own listener (loopback by default): the main port, which Twilio reaches, has no /metrics.
            services.append(metricsApplication(metrics, host: listener.host, port: listener.port, logger: logger))
        } else {
            router.addMetrics(contentType: PrometheusExport.contentType) { metrics.text() }
        }
        let limits = ServerLimits(
            requestTimeout: config.serveLimits.requestTimeout, idleTimeout: config.serveLimits.idleTimeout,
            maxConnections: config.serveLimits.maxConnections)
        return Application(
            responder: RouterResponder(router: router, maxConcurrentRequests: config.serveLimits.maxConcurrentRequests),
            server: .http1(configuration: limits.http1),
            configuration: limits.applicationConfiguration(host: host, port: port),
            services: services,
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                onListening("\(host):\(bound)")
            },
            logger: logger)
    }

    /// The `METRICS_PORT` listener: `GET /metrics` and nothing else. Prints
    /// `replies-engine metrics listening on HOST:PORT` once bound.
    static func metricsApplication(_ metrics: PrometheusExport, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        var router = HTTPRouter(logger: logger)
        router.addMetrics(contentType: PrometheusExport.contentType) { metrics.text() }
        return Application(
            responder: RouterResponder(router: router),
            configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                FileHandle.standardOutput.write(Data("replies-engine metrics listening on \(host):\(bound)\n".utf8))
            },
            logger: logger)
    }
}
