import Foundation
import Hummingbird
import NIOCore
import RepliesCore
import Twilio

// The practical limit of this machine for a webhook endpoint: Hummingbird receiving the same
// POST, parsing the same form with the same parser, and answering the same TwiML — without
// lookup, signature check or storage. `bench/run.sh` measures the engine against it in one run.
//
//   bench-bare-endpoint --port 8091

let arguments = CommandLine.arguments
let port = arguments.firstIndex(of: "--port").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 8091

let router = Router()
router.post("/whatsapp") { request, _ -> Response in
    let buffer = try await request.body.collect(upTo: 64 * 1024 + 1)
    let status: HTTPResponse.Status
    do {
        // The same work the engine does before its lookup: every field, then the message fields.
        let fields = try TwilioForm.parse(bytes: buffer.readableBytesView)
        _ = try InboundMessage(twilioFields: fields)
        status = .ok
    } catch {
        status = .badRequest
    }
    return Response(
        status: status, headers: [.contentType: TwiML.contentType],
        body: .init(byteBuffer: ByteBuffer(string: TwiML.emptyResponse)))
}
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { _ in FileHandle.standardOutput.write(Data("bench-bare-endpoint listening on 127.0.0.1:\(port)\n".utf8)) })
try await app.runService()
