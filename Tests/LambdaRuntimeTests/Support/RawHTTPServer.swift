import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP server on 127.0.0.1 that answers each HTTP request it reads with the next of the raw
/// answers it was given, byte for byte — for framings and connection behaviour the Runtime API
/// emulator never produces (chunked bodies, a server that closes after each answer).
///
/// ```swift
/// let server = try RawHTTPServer(answers: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"], closeAfterEach: true)
/// defer { server.stop() }
/// ```
final class RawHTTPServer: Sendable {
    let port: Int
    private let listener: Int32
    private let state: Mutex<(answers: [String], connections: Int, requests: [String])>
    private let closeAfterEach: Bool

    /// - Parameter listens: false reserves the port without listening: connecting to it is refused,
    ///   and no other server can be given the port while this one holds it (a "nothing listens
    ///   here" test must not pick a port a test running beside it may be bound to next).
    init(answers: [String], closeAfterEach: Bool = false, listens: Bool = true) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, bound == 0, !listens || listen(descriptor, 8) == 0 else { throw RawHTTPServerError.cannotListen }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = descriptor
        state = Mutex((answers, 0, []))
        self.closeAfterEach = closeAfterEach
        if listens { Thread.detachNewThread { [self] in acceptLoop() } }
    }

    /// Connections accepted so far.
    var connections: Int { state.withLock { $0.connections } }
    /// The request lines received, in order.
    var requests: [String] { state.withLock { $0.requests } }

    func stop() {
        _ = shutdown(listener, Int32(SHUT_RDWR))
        _ = close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            state.withLock { $0.connections += 1 }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { _ = close(connection) }
        var pending: [UInt8] = []
        while true {
            guard let request = Self.readRequest(connection, pending: &pending) else { return }
            // Only the Runtime API's paths take an answer: another test's client that finds this
            // port (it chose a "free" one to see nothing listening) must not use one up.
            guard request.split(separator: " ").dropFirst().first?.hasPrefix("/2018-06-01/") == true else {
                let refusal = Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                _ = refusal.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                return
            }
            let answer: String? = state.withLock { state in
                state.requests.append(request)
                return state.answers.isEmpty ? nil : state.answers.removeFirst()
            }
            guard let answer else { return }
            let bytes = Array(answer.utf8)
            _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if closeAfterEach { return }
        }
    }

    /// The request line of the next request, its headers and body consumed; nil at the end.
    private static func readRequest(_ connection: Int32, pending: inout [UInt8]) -> String? {
        let separator = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            if let range = pending.firstRange(of: separator) {
                headerEnd = range.upperBound
                break
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            pending += chunk.prefix(count)
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: pending[..<end], as: UTF8.self)
        let length = head.split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        while pending.count < end + length {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            pending += chunk.prefix(count)
        }
        pending.removeFirst(end + length)
        return head.split(separator: "\r\n").first.map(String.init)
    }
}

enum RawHTTPServerError: Error {
    case cannotListen
}
