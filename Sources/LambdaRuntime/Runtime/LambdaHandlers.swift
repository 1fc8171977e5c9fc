/// The handlers one `bootstrap` binary offers, selected by the function's `Handler` setting
/// (`_HANDLER`). Only the selected one is initialised.
///
/// ```swift
/// let handlers: LambdaHandlers = [
///     "webhook": { environment in try await makeWebhookHandler(environment) },
///     "worker": { environment in try await makeWorkerHandler(environment) },
/// ]
/// try await LambdaLoop.run(handlers: handlers, logger: logger)
/// ```
package struct LambdaHandlers: Sendable, ExpressibleByDictionaryLiteral {
    /// Builds a handler once per execution environment (the Lambda "init" phase).
    package typealias Factory = @Sendable (LambdaEnvironment) async throws -> any LambdaHandler

    package private(set) var factories: [String: Factory]

    package init(_ factories: [String: Factory]) {
        self.factories = factories
    }

    package init(dictionaryLiteral elements: (String, Factory)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    package var names: [String] { factories.keys.sorted() }

    /// The factory for `environment.handlerName`; throws ``LambdaRuntimeError/unknownHandler(_:known:)``.
    package func factory(for environment: LambdaEnvironment) throws(LambdaRuntimeError) -> Factory {
        guard let factory = factories[environment.handlerName] else {
            throw .unknownHandler(environment.handlerName, known: names)
        }
        return factory
    }
}
