package import Foundation

/// Serves one invocation: event JSON in, response JSON out. Throwing reports the error to
/// Lambda (`/error`); the loop keeps running either way.
///
/// ```swift
/// struct Echo: LambdaHandler {
///     func handle(_ event: Data, context: LambdaContext) async throws -> Data { event }
/// }
/// ```
package protocol LambdaHandler: Sendable {
    func handle(_ event: Data, context: LambdaContext) async throws -> Data
}

/// A ``LambdaHandler`` made from a closure, for small handlers and tests.
///
/// ```swift
/// let handler = ClosureLambdaHandler { event, context in Data("{}".utf8) }
/// ```
package struct ClosureLambdaHandler: LambdaHandler {
    private let body: @Sendable (Data, LambdaContext) async throws -> Data

    package init(_ body: @escaping @Sendable (Data, LambdaContext) async throws -> Data) {
        self.body = body
    }

    package func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        try await body(event, context)
    }
}
