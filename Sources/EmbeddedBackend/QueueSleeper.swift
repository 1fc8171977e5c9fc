/// How the delay queue waits between looks at the table; tests inject a manual clock instead.
///
/// ```swift
/// struct InstantSleeper: QueueSleeper { func sleep(for duration: Duration) async throws { try Task.checkCancellation() } }
/// ```
package protocol QueueSleeper: Sendable {
    /// Waits `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real sleeper: `Task.sleep`.
package struct TaskSleeper: QueueSleeper {
    package init() {}

    package func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
