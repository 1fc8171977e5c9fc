package import Hummingbird
package import Logging
import ServiceLifecycle

/// A Hummingbird responder listening on 127.0.0.1 and a free port, for the fakes that stand in
/// for remote services; another process (the binary under test) can reach it too.
///
/// ```swift
/// let server = try await LoopbackServer.start(name: "fake") { (_: Request, _: BasicRequestContext) in Response(status: .ok) }
/// // … http://127.0.0.1:\(server.port) …
/// await server.stop()
/// ```
package struct LoopbackServer: Sendable {
    package let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    /// Returns once the port is bound; throws what the server threw if it could not bind.
    package static func start(
        name: String, port: Int = 0, logger: Logger? = nil,
        respond: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response
    ) async throws -> LoopbackServer {
        // Stopping cancels the server, which Hummingbird logs as an error on every open
        // connection: noise in test output, so only critical messages by default.
        var quiet = Logger(label: name)
        quiet.logLevel = .critical
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            responder: CallbackResponder(callback: respond),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                sink.yield(channel.localAddress?.port ?? 0)
                sink.finish()
            },
            logger: logger ?? quiet)
        // Stopped by graceful shutdown, not by cancelling the server task: cancelling while a
        // connection is accepted but not yet served traps in NIO ("Deinited NIOAsyncWriter
        // without calling finish()", swift-nio#2637/#3481). Graceful shutdown closes the
        // listening socket first; what is still open after a second is cancelled.
        var configuration = ServiceGroupConfiguration(services: [app], logger: logger ?? quiet)
        configuration.maximumGracefulShutdownDuration = .seconds(1)
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            // Ends the wait below if the server stops before reporting a port (bind failure).
            defer { sink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            if case .failure(let error) = await task.result { throw error }
            throw LoopbackServerError(name: name)
        }
        return LoopbackServer(port: bound, task: task, group: group)
    }

    /// Closes the port; requests still open after a second are cut off.
    package func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// The server stopped before it reported a bound port.
package struct LoopbackServerError: Error, CustomStringConvertible {
    package let name: String
    package var description: String { "\(name) could not start listening on 127.0.0.1; check that loopback networking is available" }
}
