import Foundation
import Hummingbird
import RepliesCore

/// The fake's HTTP handler: record, wait out a scripted delay, then validate and answer.
enum FakeOpenAIServer {
    static let maximumBodyBytes = 16 * 1024 * 1024

    static func handle(_ request: Request, state: FakeOpenAIState) async throws -> Response {
        let buffer = try await request.body.collect(upTo: maximumBodyBytes)
        if request.uri.path == "/v1/audio/transcriptions" {
            return await FakeOpenAITranscriptions.handle(request, body: Data(buffer.readableBytesView), state: state)
        }
        var headers: [String: String] = [:]
        for field in request.headers where headers[field.name.canonicalName] == nil {
            headers[field.name.canonicalName] = field.value
        }
        let recorded = FakeOpenAI.Request(
            method: request.method.rawValue, path: request.uri.description, headers: headers,
            rawBody: String(decoding: buffer.readableBytesView, as: UTF8.self))
        let (delay, sequence) = await state.arrive(recorded)
        if let delay { try await Task.sleep(for: delay) }

        let answer: FakeOpenAIAnswer
        if request.method != .post || request.uri.path != "/v1/responses" {
            answer = .error(404, message: "Invalid URL (\(request.method.rawValue) \(request.uri.path))")
        } else {
            switch await state.plan(for: recorded, sequence: sequence) {
            case .answer(let scripted):
                answer = scripted
            case .respond(let responder, let sequence):
                let reply = await responder(recorded)
                answer = FakeOpenAIAnswer(
                    status: 200, headers: [:],
                    body: FakeOpenAIResponseObject.completed(for: recorded, reply: reply, sequence: sequence))
            }
        }
        return response(answer, sequence: sequence)
    }

    /// OpenAI's usual headers first, so scripted headers (retry-after, x-should-retry...) can override them.
    static func response(_ answer: FakeOpenAIAnswer, sequence: Int) -> Response {
        var values: [String: String] = [
            "content-type": "application/json",
            "x-request-id": "req_\(FakeOpenAIResponseObject.hex(sequence, width: 32))",
            "openai-processing-ms": "12",
            "openai-version": "2020-10-01",
        ]
        values.merge(answer.headers.map { ($0.key.lowercased(), $0.value) }) { _, scripted in scripted }
        var fields = HTTPFields()
        // HTTPFields.Element is HTTPTypes' HTTPField; naming it this way avoids importing HTTPTypes.
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            if let name = HTTPFields.Element.Name(name) { fields[name] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
