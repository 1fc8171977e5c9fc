import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import RepliesConfiguration
import RepliesCore
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
        let logger = LogSetup.bootstrap(level: config.logLevel)
        let runtime = try await EngineRuntime.open(config, logger: logger, serving: true)
        let started = ContinuousClock.now
        do {
            try await Self.serve(runtime: runtime, config: config, host: host, port: port, logger: logger) { address in
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
        runtime: EngineRuntime, config: EngineConfiguration, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws {
        let app = makeApplication(runtime: runtime, config: config, host: host, port: port, logger: logger, onListening: onListening)
        try await app.runService()
    }

    static func makeApplication(
        runtime: EngineRuntime, config: EngineConfiguration, host: String, port: Int, logger: Logger,
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
        let router = EngineHTTP.router(
            ports: runtime.ports, config: config, publicBaseURL: config.publicBaseURL(defaultHost: host, port: port), logger: logger)
        return Application(
            responder: RouterResponder(router: router),
            configuration: .init(address: .hostname(host, port: port)),
            services: services,
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                onListening("\(host):\(bound)")
            },
            logger: logger)
    }
}
