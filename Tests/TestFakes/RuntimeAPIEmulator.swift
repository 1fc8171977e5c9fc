package import Foundation
import Hummingbird

/// A local Lambda Runtime API (`/2018-06-01/runtime/...`) on 127.0.0.1 and a free port, for
/// driving ``LambdaLoop`` in-process, or the real `bootstrap` binary, over real HTTP. It answers
/// as Lambda does: `/next` waits for an event, a second result for one id gets 400
/// `InvalidRequestID`, a response over 6 MB gets 413.
///
/// ```swift
/// let emulator = try await RuntimeAPIEmulator.start()
/// await emulator.enqueue(requestId: "r1", event: Data("{}".utf8))
/// // … run the loop with emulator.environment(handler: "webhook") …
/// let outcome = try await emulator.outcome(for: "r1")
/// await emulator.stop()
/// ```
package final class RuntimeAPIEmulator: Sendable {
    package let state: RuntimeAPIState
    package let port: Int
    private let server: LoopbackServer

    /// What Lambda accepts as a synchronous response body, in bytes.
    package static let maxResponseBytes = 6_291_556

    private init(state: RuntimeAPIState, server: LoopbackServer) {
        self.state = state
        self.port = server.port
        self.server = server
    }

    package static func start() async throws -> RuntimeAPIEmulator {
        let state = RuntimeAPIState()
        let server = try await LoopbackServer.start(name: "runtime-api-emulator") { request, _ in
            try await respond(to: request, state: state)
        }
        return RuntimeAPIEmulator(state: state, server: server)
    }

    package func stop() async { await server.stop() }

    /// Starts an emulator for `body` and stops it afterwards, whatever `body` does.
    package static func run<T: Sendable>(_ body: (RuntimeAPIEmulator) async throws -> T) async throws -> T {
        let emulator = try await start()
        do {
            let value = try await body(emulator)
            await emulator.stop()
            return value
        } catch {
            await emulator.stop()
            throw error
        }
    }

    /// The variables Lambda sets for a function whose handler is `handler`.
    package func environment(handler: String = "") -> [String: String] {
        ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(port)", "_HANDLER": handler, "AWS_LAMBDA_FUNCTION_NAME": "replies-test"]
    }

    package func enqueue(requestId: String, event: Data, deadline: Date? = nil, traceId: String? = nil) async {
        await state.enqueue(
            .init(
                requestId: requestId, event: event,
                deadlineMs: deadline.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) },
                traceId: traceId, functionArn: "arn:aws:lambda:eu-north-1:000000000000:function:replies-test"))
    }

    /// Waits for the result the runtime posted for `requestId`.
    package func outcome(for requestId: String, timeout: Duration = .seconds(60)) async throws -> RuntimeAPIState.Outcome {
        try await withThrowingTaskGroup(of: RuntimeAPIState.Outcome?.self) { group in
            group.addTask { await self.state.outcome(for: requestId) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let outcome = first else {
                throw RuntimeAPIEmulatorError.noOutcome(requestId: requestId, waited: timeout)
            }
            return outcome
        }
    }

    private static let base = "/2018-06-01/runtime"

    private static func respond(to request: Request, state: RuntimeAPIState) async throws -> Response {
        let path = request.uri.path
        let method = request.method
        let errorType = HTTPFields.Element.Name("Lambda-Runtime-Function-Error-Type").flatMap { request.headers[$0] }
        if method == .get, path == "\(base)/invocation/next" {
            guard let invocation = await state.next() else { return Response(status: .serviceUnavailable) }
            return nextResponse(invocation)
        }
        if method == .post, path == "\(base)/init/error" {
            let body = try await request.body.collect(upTo: 1024 * 1024)
            await state.recordInitError(errorType: errorType, body: Data(body.readableBytesView))
            return accepted()
        }
        let invocationPrefix = "\(base)/invocation/"
        guard method == .post, path.hasPrefix(invocationPrefix) else { return Response(status: .notFound) }
        let parts = path.dropFirst(invocationPrefix.count).split(separator: "/")
        guard parts.count == 2 else { return Response(status: .notFound) }
        let id = String(parts[0])
        switch parts[1] {
        case "response":
            let body = try await request.body.collect(upTo: 8 * 1024 * 1024)
            guard body.readableBytes <= maxResponseBytes else {
                // What Lambda answers for a synchronous response over 6 MB.
                return json(.contentTooLarge, #"{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}"#)
            }
            return answer(await state.record(id, .response(Data(body.readableBytesView))))
        case "error":
            let body = try await request.body.collect(upTo: 1024 * 1024)
            return answer(await state.record(id, .error(errorType: errorType, body: Data(body.readableBytesView))))
        default:
            return Response(status: .notFound)
        }
    }

    private static func nextResponse(_ invocation: RuntimeAPIState.Invocation) -> Response {
        var values = ["Lambda-Runtime-Aws-Request-Id": invocation.requestId, "Content-Type": "application/json"]
        values["Lambda-Runtime-Deadline-Ms"] = invocation.deadlineMs.map { "\($0)" }
        values["Lambda-Runtime-Trace-Id"] = invocation.traceId
        values["Lambda-Runtime-Invoked-Function-Arn"] = invocation.functionArn
        var headers = HTTPFields()
        for (name, value) in values {
            if let name = HTTPFields.Element.Name(name) { headers[name] = value }
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: invocation.event)))
    }

    /// 202 as Lambda answers; 400 `InvalidRequestID` for unknown or repeated ids, as Lambda does.
    private static func answer(_ recorded: Bool) -> Response {
        recorded ? accepted() : json(.badRequest, #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)
    }

    private static func accepted() -> Response { json(.accepted, #"{"status":"OK"}"#) }

    private static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// The runtime under test posted no result for an invocation in time.
package enum RuntimeAPIEmulatorError: Error, CustomStringConvertible {
    case noOutcome(requestId: String, waited: Duration)

    package var description: String {
        switch self {
        case .noOutcome(let id, let waited):
            "the runtime posted no response or error for invocation \(id) within \(waited); is the process still polling /next?"
        }
    }
}
