import Foundation
import Hummingbird

extension FakeTwilio {
    /// Hummingbird glue: record the request, apply any injected behaviour, answer.
    static func respond(to request: Request, handler: FakeTwilioHandler, state: FakeTwilioState) async throws -> Response {
        if request.uri.path.contains("/Media/"), let media = await state.media { return await media.apiResponder(request) }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let recorded = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
            authorization: request.headers[.authorization], contentType: request.headers[.contentType],
            body: String(buffer: body))
        await state.record(recorded)

        switch await state.nextBehaviour() {
        case .fail(let status, let code, let message, let retryAfter):
            return response(FakeTwilioHandler.error(status, code: code, message ?? "Injected failure \(code)", retryAfter: retryAfter))
        case .delay(let delay):
            let reply = await handler.respond(to: recorded)
            await waitUnlessStopping(delay, state: state)
            return response(reply)
        case .dropResponse:
            _ = await handler.respond(to: recorded)
            // Promise a body, then fail while writing it: the server closes the connection and
            // the client never sees a complete answer.
            return Response(status: .created, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: 1000) { _ in throw FakeTwilioError.droppedResponse })
        case nil:
            return response(await handler.respond(to: recorded))
        }
    }

    private static func response(_ reply: FakeTwilioReply) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter = reply.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: reply.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: reply.json)))
    }

    /// Sleeps in short steps so that ``stop()`` is not held up by a long injected delay.
    private static func waitUnlessStopping(_ delay: Duration, state: FakeTwilioState) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: delay)
        while clock.now < deadline, await !state.isStopping {
            try? await Task.sleep(for: min(.milliseconds(20), deadline - clock.now))
        }
    }
}
