import Foundation
import Hummingbird

extension FakeSendGrid {
    /// SendGrid's request size limit (the whole message, attachments included).
    static let maxRequestBytes = 30_000_000

    /// Hummingbird glue: record the request, apply any injected behaviour, answer.
    static func respond(to request: Request, state: FakeSendGridState) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: maxRequestBytes + 1)
        let recorded = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, authorization: request.headers[.authorization],
            contentType: request.headers[.contentType], body: Data(buffer.readableBytesView))
        await state.record(recorded)

        switch await state.nextBehaviour() {
        case .fail(let status, let message, let retryAfter, let rateLimitReset):
            var reply = FakeSendGridValidation.errorReply(status, [(message, nil)])
            if let retryAfter { reply.headers["Retry-After"] = String(retryAfter) }
            if let rateLimitReset { reply.headers["X-RateLimit-Reset"] = String(rateLimitReset) }
            return response(reply)
        case .delay(let delay):
            let reply = await FakeSendGridValidation.handle(recorded, state: state, sandbox: false)
            await waitUnlessStopping(delay, state: state)
            return response(reply)
        case .dropResponse:
            _ = await FakeSendGridValidation.handle(recorded, state: state, sandbox: false)
            // Promise a body, then fail while writing it: the connection closes mid-answer.
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: 1000) { _ in throw FakeSendGridError.droppedResponse })
        case .sandbox:
            return response(await FakeSendGridValidation.handle(recorded, state: state, sandbox: true))
        case nil:
            return response(await FakeSendGridValidation.handle(recorded, state: state, sandbox: false))
        }
    }

    private static func response(_ reply: FakeSendGridValidation.Reply) -> Response {
        var headers: HTTPFields = [:]
        for (name, value) in reply.headers {
            if let field = HTTPFields.Element.Name(name) { headers[field] = value }
        }
        if !reply.body.isEmpty { headers[.contentType] = "application/json" }
        return Response(status: .init(code: reply.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// Sleeps in short steps so that ``stop()`` is not held up by a long injected delay.
    private static func waitUnlessStopping(_ delay: Duration, state: FakeSendGridState) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: delay)
        while clock.now < deadline, await !state.isStopping {
            try? await Task.sleep(for: min(.milliseconds(20), deadline - clock.now))
        }
    }
}
