import Foundation
import Hummingbird

extension FakeTwilioMedia {
    static func apiResponse(
        _ request: Request, state: State, accountSid: String, expectedAuthorization: String, cdnBase: String
    ) async -> Response {
        await state.countAPI()
        guard request.method == .get else { return error(405, code: 20004, "Method not allowed") }
        guard request.headers[.authorization] == expectedAuthorization else {
            return error(401, code: 20003, "Authenticate")
        }
        let parts = request.uri.path.split(separator: "/").map(String.init)
        guard parts.count == 7, parts[0] == "2010-04-01", parts[1] == "Accounts", parts[2] == accountSid,
              parts[3] == "Messages", parts[5] == "Media" else {
            return error(404, code: 20404, "The requested resource was not found")
        }
        let (found, item) = await state.ready(parts[6])
        guard found, item != nil else { return error(404, code: 20404, "The requested resource \(request.uri.path) was not found") }
        // A signed, expiring URL on another origin, like Twilio's CDN (S3 pre-signed) links.
        let location = "\(cdnBase)/\(accountSid)/\(parts[6])?Expires=\(Int(Date().timeIntervalSince1970) + 300)&Signature=fake-signature"
        return Response(status: .temporaryRedirect, headers: [.location: location, .contentType: "application/xml"])
    }

    static func cdnResponse(_ request: Request, state: State) async throws -> Response {
        let hasCredentials = request.headers[.authorization] != nil
        await state.countCDN(credentials: hasCredentials)
        guard !hasCredentials else {
            return Response(status: .badRequest, headers: [.contentType: "application/xml"], body: .init(byteBuffer: ByteBuffer(string:
                "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>")))
        }
        let query = request.uri.query ?? ""
        guard query.contains("Signature="), let sid = request.uri.path.split(separator: "/").last.map(String.init),
              let item = await state.item(sid) else {
            return Response(status: .forbidden)
        }
        if let streamed = item.streamedBytes {
            // No Content-Length: the client can only stop reading at its cap.
            return Response(status: .ok, headers: [.contentType: item.contentType], body: ResponseBody { writer in
                let chunk = ByteBuffer(repeating: 0x41, count: 64 * 1024)
                var sent = 0
                while sent < streamed {
                    try await writer.write(chunk)
                    sent += chunk.readableBytes
                }
                try await writer.finish(nil)
            })
        }
        return Response(status: .ok, headers: [.contentType: item.contentType, .contentLength: String(item.data.count)],
                        body: .init(byteBuffer: ByteBuffer(bytes: item.data)))
    }

    static func error(_ status: Int, code: Int, _ message: String) -> Response {
        let json = #"{"code": \#(code), "message": "\#(message)", "more_info": "https://www.twilio.com/docs/errors/\#(code)", "status": \#(status)}"#
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
