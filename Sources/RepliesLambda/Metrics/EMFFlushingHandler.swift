package import Foundation
package import LambdaRuntime
package import RepliesObservability

/// Wraps a handler so that each invocation ends with one CloudWatch EMF line carrying what it
/// recorded, dimensioned by `function` (`webhook`, `worker`, `sweeper`). The line is written
/// before the result is returned: once Lambda has the response it may freeze the environment.
///
/// ```swift
/// let handler = EMFFlushingHandler(inner, metrics: emf, function: "webhook")
/// ```
package struct EMFFlushingHandler: LambdaHandler {
    let inner: any LambdaHandler
    let metrics: EMFMetricsFactory
    let function: String
    let write: @Sendable (String) -> Void

    package init(
        _ inner: any LambdaHandler, metrics: EMFMetricsFactory, function: String,
        write: @escaping @Sendable (String) -> Void = EMFFlushingHandler.standardOutput
    ) {
        self.inner = inner
        self.metrics = metrics
        self.function = function
        self.write = write
    }

    package func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        defer { if let line = metrics.flush(function: function) { write(line) } }
        return try await inner.handle(event, context: context)
    }

    /// One write per line, so a line is never split by another writer (CloudWatch Logs takes
    /// each line of the function's output as one event).
    package static let standardOutput: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
