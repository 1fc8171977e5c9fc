/// Failures of the runtime itself (not of a handler): configuration, or the Runtime API
/// answering something the protocol does not allow.
///
/// ```swift
/// do { try await LambdaLoop.run(handlers: handlers, logger: logger) }
/// catch let error as LambdaRuntimeError where error.isFatal { exit(1) }   // Lambda restarts the environment
/// ```
package enum LambdaRuntimeError: Error, Hashable, CustomStringConvertible {
    /// A required environment variable is missing; Lambda always sets it, so this is not Lambda.
    case missingEnvironment(String)
    /// `_HANDLER` names no registered handler.
    case unknownHandler(String, known: [String])
    /// The Runtime API answered an unexpected HTTP status.
    case unexpectedStatus(endpoint: String, status: Int, body: String)
    /// `/next` answered without a header the protocol requires.
    case missingHeader(String)
    /// The event is larger than the runtime accepts.
    case eventTooLarge(limit: Int)
    /// The runtime could not reach the Runtime API.
    case transport(endpoint: String, detail: String)

    package var description: String {
        switch self {
        case .missingEnvironment(let key):
            "environment variable \(key) is not set; run the bootstrap inside Lambda (or an emulator that sets it)"
        case .unknownHandler(let name, let known):
            "handler '\(name)' is not known; set the function's Handler to one of: \(known.sorted().joined(separator: ", "))"
        case .unexpectedStatus(let endpoint, let status, let body):
            "Runtime API \(endpoint) answered HTTP \(status): \(body.prefix(200))"
        case .missingHeader(let name):
            "Runtime API /next answered without the \(name) header"
        case .eventTooLarge(let limit):
            "event is larger than \(limit) bytes"
        case .transport(let endpoint, let detail):
            "cannot reach the Runtime API at \(endpoint): \(detail)"
        }
    }

    /// A 500 from the Runtime API means the sandbox is broken: Lambda asks the runtime to exit.
    package var isFatal: Bool {
        switch self {
        case .unexpectedStatus(_, let status, _): status >= 500
        case .missingEnvironment, .unknownHandler, .missingHeader: true
        case .eventTooLarge, .transport: false
        }
    }
}
