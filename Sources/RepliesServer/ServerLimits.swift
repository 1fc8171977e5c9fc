package import Hummingbird
package import HummingbirdCore
import NIOCore

/// How much `serve`'s HTTP server gives one client and all of them together (the `SERVE_*`
/// keys): past a limit a client is disconnected (too slow) or answered `503` (too many at
/// once, in ``RouterResponder``), never silently dropped.
package struct ServerLimits: Sendable {
    package var requestTimeout: Duration
    package var idleTimeout: Duration
    package var maxConnections: Int

    package init(requestTimeout: Duration, idleTimeout: Duration, maxConnections: Int) {
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// HTTP/1 with the request deadline (``RequestTimeoutHandler``, one per connection) and
    /// Hummingbird's idle timeout.
    package var http1: HTTP1Channel.Configuration {
        let timeout = TimeAmount(requestTimeout)
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestTimeoutHandler(timeout: timeout)], idleTimeout: TimeAmount(idleTimeout))
    }

    /// Accepting pauses at `maxConnections` open connections (later ones wait in the backlog).
    package func applicationConfiguration(host: String, port: Int) -> ApplicationConfiguration {
        ApplicationConfiguration(
            address: .hostname(host, port: port), availableConnectionsDelegate: MaximumAvailableConnections(maxConnections))
    }
}
