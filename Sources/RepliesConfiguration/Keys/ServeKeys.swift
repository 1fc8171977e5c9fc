/// How much `serve`'s HTTP server gives one client and all of them together. Past a limit a
/// client is disconnected (too slow) or answered `503` with `Retry-After` (too many at once),
/// never silently dropped.
package struct ServeKeys: ConfigKeyGroup {
    package static let title = "`serve`'s HTTP server"
    package static let summary = "Read by `serve` only; on AWS, API Gateway's throttling and Lambda's concurrency play this part."

    package let requestTimeout: ConfigKey<Duration> = .seconds(
        "SERVE_REQUEST_TIMEOUT_SECONDS", default: 10, in: 1...300,
        "a request's head and body must arrive within this long of the connection opening (or of the previous answer on a kept-alive connection); a slower client is disconnected")
    package let idleTimeout: ConfigKey<Duration> = .seconds(
        "SERVE_IDLE_TIMEOUT_SECONDS", default: 60, in: 1...3600, "a connection with no traffic for this long is closed")
    package let maxConnections: ConfigKey<Int> = .integer(
        "SERVE_MAX_CONNECTIONS", default: 512, in: 1...100_000, "open connections at most; further ones wait in the listen backlog until one closes")
    package let maxConcurrentRequests: ConfigKey<Int> = .integer(
        "SERVE_MAX_CONCURRENT_REQUESTS", default: 128, in: 1...100_000,
        "requests handled at once; one more is answered `503` with `Retry-After: 1` at once, without reading its body")
    // The default is EmbeddedBackend.defaultMaxQueuedWrites (this module does not link it).
    package let maxQueuedWrites: ConfigKey<Int> = .integer(
        "SQLITE_MAX_QUEUED_WRITES", default: 1024, in: 1...1_000_000,
        "embedded backend: writes waiting for the database at most; one more fails at once (the webhook answers `503`; a worker's write is retried with its trigger)")

    package init() {}
}

/// `serve`'s HTTP limits, validated.
package struct ServeLimits: Sendable, Hashable {
    package var requestTimeout: Duration
    package var idleTimeout: Duration
    package var maxConnections: Int
    package var maxConcurrentRequests: Int
    package var maxQueuedWrites: Int
}
