import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to `serve`, for what an HTTP client library will not do: send half a
/// request and keep it open, or see exactly when the server hangs up.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `address` (`host:port`, IPv4).
    init(_ address: String) throws {
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else { throw EngineTestError.timedOut("a host:port address, got \(address)") }
        #if canImport(Darwin)
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #else
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        inet_pton(AF_INET, String(parts[0]), &socketAddress.sin_addr)
        let connected = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, connected == 0 else {
            close(descriptor)
            throw EngineTestError.timedOut("a connection to \(address) (errno \(errno))")
        }
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// Reads until the server closes the connection or `limit` passes; the bytes read and
    /// whether the server closed it.
    func readUntilClosed(limit: Duration) async -> (text: String, closed: Bool) {
        let descriptor = descriptor
        return await Task.detached {
            var timeout = timeval(tv_sec: Int(limit.components.seconds), tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
                if count < 0 { return (String(decoding: received, as: UTF8.self), errno == ECONNRESET) }
                received += buffer[0..<count]
            }
            return (String(decoding: received, as: UTF8.self), false)
        }.value
    }

    /// One `GET` on a fresh connection: the status line's code.
    static func get(_ path: String, at address: String) async throws -> (status: Int, response: String) {
        let connection = try RawConnection(address)
        connection.send("GET \(path) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\n\r\n")
        let (text, _) = await connection.readUntilClosed(limit: .seconds(10))
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, text)
    }
}
