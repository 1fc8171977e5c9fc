import Foundation
@testable import LambdaRuntime
import Logging
import Testing

/// The Runtime API client's own HTTP/1.1: what a real Runtime API may send that the emulator does
/// not (chunked bodies, a connection closed after an answer), and the limits it enforces.
@Suite struct RuntimeAPIConnectionTests {
    static let nextHeaders = "Lambda-Runtime-Aws-Request-Id: r-1\r\nLambda-Runtime-Deadline-Ms: 4102444800000\r\nContent-Type: application/json\r\n"

    @Test func aChunkedEventIsReassembled() async throws {
        let server = try RawHTTPServer(answers: [
            "HTTP/1.1 200 OK\r\n\(Self.nextHeaders)Transfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"a\"\r\nA\r\n:[1,2,3]}\n\r\n0\r\nTrailer: x\r\n\r\n",
        ])
        defer { server.stop() }
        let client = LambdaRuntimeClient(runtimeAPI: "127.0.0.1:\(server.port)")
        let invocation = try await client.next(logger: Logger(label: "test"))
        #expect(invocation.context.requestId == "r-1")
        #expect(String(decoding: invocation.event, as: UTF8.self) == "{\"a\":[1,2,3]}\n")
        #expect(server.requests == ["GET /2018-06-01/runtime/invocation/next HTTP/1.1"])
        try await client.shutdown()
    }

    /// One connection is kept for every call; when the server closed it after an answer, the next
    /// call opens a new one instead of failing.
    @Test func aConnectionTheServerClosedIsOpenedAgain() async throws {
        let accepted = "HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}"
        let kept = try RawHTTPServer(answers: [accepted, accepted])
        defer { kept.stop() }
        let keptClient = LambdaRuntimeClient(runtimeAPI: "127.0.0.1:\(kept.port)")
        try await keptClient.respond(requestId: "r-1", body: Data("{}".utf8))
        try await keptClient.respond(requestId: "r-2", body: Data("{}".utf8))
        #expect(kept.connections == 1)
        try await keptClient.shutdown()

        let closing = try RawHTTPServer(answers: [accepted, accepted], closeAfterEach: true)
        defer { closing.stop() }
        let closingClient = LambdaRuntimeClient(runtimeAPI: "127.0.0.1:\(closing.port)")
        try await closingClient.respond(requestId: "r-1", body: Data("{}".utf8))
        try await closingClient.respond(requestId: "r-2", body: Data("{}".utf8))
        #expect(closing.connections == 2)
        #expect(closing.requests == [
            "POST /2018-06-01/runtime/invocation/r-1/response HTTP/1.1", "POST /2018-06-01/runtime/invocation/r-2/response HTTP/1.1",
        ])
        try await closingClient.shutdown()
    }

    @Test func anEventLargerThanTheLimitIsRefused() async throws {
        let server = try RawHTTPServer(answers: ["HTTP/1.1 200 OK\r\n\(Self.nextHeaders)Content-Length: 2000\r\n\r\n"])
        defer { server.stop() }
        let connection = RuntimeAPIConnection(address: "127.0.0.1:\(server.port)", maxBodyBytes: 1000)
        let request = RuntimeAPIConnection.request("GET", "/2018-06-01/runtime/invocation/next", host: "x", headers: [], body: nil)
        await #expect(throws: RuntimeAPIConnection.Failure.self) {
            _ = try await connection.exchange(request, deadline: nil)
        }
        connection.disconnect()
    }

    @Test func nothingListeningIsATransportError() async throws {
        // Bound, not listening: refused, and never handed to another test's server meanwhile (a
        // stopped server's port was, and this client then took that server's only answer).
        let reserved = try RawHTTPServer(answers: [], listens: false)
        defer { reserved.stop() }
        let client = LambdaRuntimeClient(runtimeAPI: "127.0.0.1:\(reserved.port)")
        let error = await #expect(throws: LambdaRuntimeError.self) { try await client.next(logger: Logger(label: "test")) }
        guard case .transport? = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
    }

    @Test func headerValuesCannotEndTheirLine() {
        let bytes = RuntimeAPIConnection.request("POST", "/p", host: "h", headers: [("Lambda-Runtime-Function-Error-Type", "A\r\nX-Injected: 1")], body: [])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Lambda-Runtime-Function-Error-Type: AX-Injected: 1\r\n"))
        #expect(!text.contains("\r\nX-Injected"))
    }

    @Test func theReaderTakesEveryFraming() throws {
        func read(_ text: String, chunkSize: Int = 3, limit: Int = 1 << 20) throws -> HTTPResponseReader.Response {
            var remaining = Array(text.utf8)[...]
            var reader = HTTPResponseReader(maxBodyBytes: limit) {
                defer { remaining = remaining.dropFirst(chunkSize) }
                return Array(remaining.prefix(chunkSize))
            }
            return try reader.read()
        }
        let framed = try read("HTTP/1.1 200 OK\r\ncontent-length: 5\r\nX-A:  spaced  \r\n\r\nhello")
        #expect(framed.status == 200)
        #expect(framed.field("Content-Length") == "5")
        #expect(framed.field("x-a") == "spaced")
        #expect(framed.body == Array("hello".utf8))
        #expect(!framed.closes)

        // Bare LF line ends, and a body that runs to the end of the stream.
        let untilClose = try read("HTTP/1.1 200 OK\nServer: x\n\nall of it")
        #expect(untilClose.body == Array("all of it".utf8))
        #expect(untilClose.closes)

        #expect(try read("HTTP/1.0 202 Accepted\r\nContent-Length: 0\r\n\r\n").closes)
        #expect(try read("HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").closes)

        #expect(throws: HTTPResponseReader.Failure.ended(received: 0)) { try read("") }
        #expect(throws: HTTPResponseReader.Failure.ended(received: 38)) { try read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n") }
        #expect(throws: HTTPResponseReader.Failure.bodyTooLarge(limit: 4)) {
            try read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", limit: 4)
        }
        #expect(throws: HTTPResponseReader.Failure.self) { try read("SMTP ready\r\n\r\n") }
    }
}
