import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import NIOCore

/// A local Lambda Runtime API (`/2018-06-01/runtime/...`) on 127.0.0.1 with a free port, for
/// driving ``LambdaLoop`` in-process over real HTTP.
///
/// ```swift
/// try await RuntimeAPIEmulator.run { emulator in
///     await emulator.enqueue(requestId: "r1", event: Data("{}".utf8))
///     try await LambdaLoop.run(environment: emulator.environment(), handler: h, logger: l, options: .init(maxInvocations: 1))
///     let outcome = await emulator.outcome(for: "r1")
/// }
/// ```
struct RuntimeAPIEmulator: Sendable {
    let state: RuntimeAPIState
    let port: Int

    static func run<T: Sendable>(_ body: @Sendable (RuntimeAPIEmulator) async throws -> T) async throws -> T {
        let state = RuntimeAPIState()
        let app = Application(
            router: router(state),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: Logger(label: "runtime-api-emulator", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await body(RuntimeAPIEmulator(state: state, port: port))
        }
    }

    func environment(handler: String = "") -> [String: String] {
        ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(port)", "_HANDLER": handler, "AWS_LAMBDA_FUNCTION_NAME": "replies-test"]
    }

    func enqueue(
        requestId: String, event: Data, deadline: Date? = nil, traceId: String? = nil
    ) async {
        await state.enqueue(
            .init(
                requestId: requestId, event: event,
                deadlineMs: deadline.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) },
                traceId: traceId, functionArn: "arn:aws:lambda:eu-north-1:000000000000:function:replies-test"))
    }

    func outcome(for requestId: String) async -> RuntimeAPIState.Outcome {
        await state.outcome(for: requestId)
    }

    static let maxResponseBytes = 6_291_556

    private static func router(_ state: RuntimeAPIState) -> Router<BasicRequestContext> {
        let router = Router()
        let base = "/2018-06-01/runtime"
        router.get("\(base)/invocation/next") { _, _ -> Response in
            let invocation = await state.next()
            var headers = HTTPFields()
            headers[HTTPField.Name("Lambda-Runtime-Aws-Request-Id")!] = invocation.requestId
            if let deadline = invocation.deadlineMs { headers[HTTPField.Name("Lambda-Runtime-Deadline-Ms")!] = "\(deadline)" }
            if let trace = invocation.traceId { headers[HTTPField.Name("Lambda-Runtime-Trace-Id")!] = trace }
            if let arn = invocation.functionArn { headers[HTTPField.Name("Lambda-Runtime-Invoked-Function-Arn")!] = arn }
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: invocation.event)))
        }
        router.post("\(base)/invocation/{id}/response") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.body.collect(upTo: 8 * 1024 * 1024)
            guard body.readableBytes <= maxResponseBytes else {
                // What Lambda answers for a synchronous response over 6 MB.
                return Response(
                    status: .contentTooLarge, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}"#)))
            }
            return await answer(state.record(id, .response(Data(body.readableBytesView))))
        }
        router.post("\(base)/invocation/{id}/error") { request, context -> Response in
            let id = try context.parameters.require("id")
            let errorType = request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!]
            let body = try await request.body.collect(upTo: 1024 * 1024)
            return await answer(state.record(id, .error(errorType: errorType, body: Data(body.readableBytesView))))
        }
        router.post("\(base)/init/error") { request, _ -> Response in
            let errorType = request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!]
            let body = try await request.body.collect(upTo: 1024 * 1024)
            await state.recordInitError(errorType: errorType, body: Data(body.readableBytesView))
            return accepted()
        }
        return router
    }

    /// 202 as Lambda answers; 400 `InvalidRequestID` for unknown or repeated ids, as Lambda does.
    private static func answer(_ recorded: Bool) -> Response {
        guard recorded else {
            return Response(
                status: .badRequest, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)))
        }
        return accepted()
    }

    private static func accepted() -> Response {
        Response(status: .accepted, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"OK"}"#)))
    }
}
