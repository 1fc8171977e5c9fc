/// The environment Lambda gives a custom runtime, read once at start.
///
/// Only `AWS_LAMBDA_RUNTIME_API` is required; everything else is informational or used by the
/// handlers (the raw ``values`` stay available for their own configuration).
///
/// ```swift
/// let environment = try LambdaEnvironment(ProcessInfo.processInfo.environment)
/// environment.handlerName   // "webhook" (from `_HANDLER`)
/// ```
package struct LambdaEnvironment: Sendable, Hashable {
    /// `host:port` of the Runtime API (`AWS_LAMBDA_RUNTIME_API`).
    package var runtimeAPI: String
    /// The function's `Handler` setting (`_HANDLER`), trimmed; empty when unset.
    package var handlerName: String
    /// `AWS_LAMBDA_FUNCTION_NAME`, empty outside Lambda.
    package var functionName: String
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` in MB, when set.
    package var memoryMegabytes: Int?
    /// Every variable, for handler-specific configuration.
    package var values: [String: String]

    package init(_ values: [String: String]) throws(LambdaRuntimeError) {
        guard let api = values["AWS_LAMBDA_RUNTIME_API"]?.trimmed, !api.isEmpty else {
            throw .missingEnvironment("AWS_LAMBDA_RUNTIME_API")
        }
        self.runtimeAPI = api
        self.handlerName = values["_HANDLER"]?.trimmed ?? ""
        self.functionName = values["AWS_LAMBDA_FUNCTION_NAME"] ?? ""
        self.memoryMegabytes = values["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"].flatMap { Int($0) }
        self.values = values
    }
}

extension String {
    var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
