package import Foundation
package import Logging

/// The custom-runtime loop: initialise once, then forever fetch an event, run the handler,
/// and post its result or its error. A handler error never ends the loop; only a broken Runtime
/// API does (Lambda then replaces the environment).
///
/// ```swift
/// // In the executable, when started as a Lambda bootstrap:
/// try await LambdaLoop.run(handlers: ["webhook": makeWebhook, "worker": makeWorker], logger: logger)
/// ```
package enum LambdaLoop {
    /// Knobs for tests and emulators; production uses the defaults.
    package struct Options: Sendable {
        /// Stop after this many invocations (nil: never).
        package var maxInvocations: Int?
        /// The wall clock used when `/next` carries no deadline.
        package var now: @Sendable () -> Date

        package init(maxInvocations: Int? = nil, now: @escaping @Sendable () -> Date = Date.init) {
            self.maxInvocations = maxInvocations
            self.now = now
        }
    }

    /// Selects the handler named by `_HANDLER`, initialises it, and serves invocations.
    package static func run(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        handlers: LambdaHandlers, logger: Logger, options: Options = Options()
    ) async throws {
        try await run(environment: environment, logger: logger, options: options) { lambdaEnvironment in
            let factory = try handlers.factory(for: lambdaEnvironment)
            return try await factory(lambdaEnvironment)
        }
    }

    /// Serves invocations with an already built handler.
    package static func run(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        handler: any LambdaHandler, logger: Logger, options: Options = Options()
    ) async throws {
        try await run(environment: environment, logger: logger, options: options) { _ in handler }
    }

    /// Runs `initialize` once (reporting a failure to `/runtime/init/error` and rethrowing it),
    /// then serves invocations until `options.maxInvocations` or a fatal Runtime API error.
    package static func run(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger, options: Options = Options(),
        initialize: @Sendable (LambdaEnvironment) async throws -> any LambdaHandler
    ) async throws {
        let lambdaEnvironment = try LambdaEnvironment(environment)
        let client = LambdaRuntimeClient(runtimeAPI: lambdaEnvironment.runtimeAPI)
        do {
            let handler: any LambdaHandler
            do {
                handler = try await initialize(lambdaEnvironment)
            } catch {
                logger.critical("initialisation failed", metadata: ["error": "\(error)"])
                do {
                    try await client.failInitialization(report: LambdaErrorReport(error))
                } catch let reportError {
                    logger.error("reporting the initialisation failure failed", metadata: ["error": "\(reportError)"])
                }
                throw error
            }
            logger.debug("runtime initialised", metadata: ["handler": "\(lambdaEnvironment.handlerName)"])
            try await serve(client: client, handler: handler, logger: logger, options: options)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private static func serve(client: LambdaRuntimeClient, handler: any LambdaHandler, logger: Logger, options: Options) async throws {
        var served = 0
        var transportFailures = 0
        while options.maxInvocations.map({ served < $0 }) ?? true {
            try Task.checkCancellation()
            let invocation: LambdaInvocation
            do {
                invocation = try await client.next(now: options.now, logger: logger)
                transportFailures = 0
            } catch {
                // A hiccup on the local socket: try again a few times before giving up.
                guard !isFatal(error), transportFailures < 3 else { throw error }
                transportFailures += 1
                logger.warning("fetching the next event failed", metadata: ["error": "\(error)"])
                continue
            }
            served += 1
            try await invoke(invocation, handler: handler, client: client)
        }
    }

    private static func invoke(_ invocation: LambdaInvocation, handler: any LambdaHandler, client: LambdaRuntimeClient) async throws {
        var context = invocation.context
        TraceEnvironment.set(context.traceId)
        context.logger[metadataKey: "aws_request_id"] = "\(context.requestId)"
        let result: Result<Data, any Error>
        do {
            result = .success(try await handler.handle(invocation.event, context: context))
        } catch {
            result = .failure(error)
        }
        do {
            try await post(result, requestId: context.requestId, client: client, logger: context.logger)
        } catch {
            guard !isFatal(error) else { throw error }
            context.logger.error("reporting the invocation result failed", metadata: ["error": "\(error)"])
        }
    }

    private static func post(_ result: Result<Data, any Error>, requestId: String, client: LambdaRuntimeClient, logger: Logger) async throws {
        switch result {
        case .success(let body):
            do {
                try await client.respond(requestId: requestId, body: body)
            } catch {
                guard !isFatal(error) else { throw error }
                // For example 413 (response too large): the invocation must still end with an answer.
                logger.error("posting the response failed", metadata: ["error": "\(error)"])
                try await client.fail(requestId: requestId, report: LambdaErrorReport(error))
            }
        case .failure(let error):
            logger.error("handler failed", metadata: ["error_type": "\(type(of: error))", "error": "\(error)"])
            try await client.fail(requestId: requestId, report: LambdaErrorReport(error))
        }
    }

    private static func isFatal(_ error: any Error) -> Bool {
        (error as? LambdaRuntimeError)?.isFatal ?? false
    }
}
