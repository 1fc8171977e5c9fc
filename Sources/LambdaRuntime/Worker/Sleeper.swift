/// Waits for a duration. Injected wherever the adapter waits (heartbeats, deadline timers) so
/// tests drive time instead of sleeping.
///
/// ```swift
/// let sleeper = Sleeper.task                    // production: Task.sleep
/// try await sleeper.sleep(.seconds(10))         // throws CancellationError when cancelled
/// ```
package struct Sleeper: Sendable {
    private let body: @Sendable (Duration) async throws -> Void

    package init(_ body: @escaping @Sendable (Duration) async throws -> Void) {
        self.body = body
    }

    /// Sleeps; throws when the task is cancelled.
    package func sleep(_ duration: Duration) async throws {
        try await body(duration)
    }

    package static let task = Sleeper { try await Task.sleep(for: $0) }
}
