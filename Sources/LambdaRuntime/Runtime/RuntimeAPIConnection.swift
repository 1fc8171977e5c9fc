import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One kept-alive HTTP/1.1 connection to the Runtime API, on plain blocking sockets.
///
/// The Runtime API is a local HTTP server that the runtime calls one request at a time, so the
/// general-purpose client (connection pool, event loops, per-request state machines) bought
/// nothing here and cost the cold start ≈ 8 ms before the first `/next` reached Lambda. Calls
/// block a thread of their own (never one of Swift concurrency's), one at a time; cancelling the
/// calling task shuts the socket down, which ends a `/next` that is waiting for an event.
///
/// ```swift
/// let connection = RuntimeAPIConnection(address: "127.0.0.1:9001")
/// let response = try await connection.exchange(RuntimeAPIConnection.request("GET", path, host: …), deadline: nil)
/// ```
final class RuntimeAPIConnection: Sendable {
    enum Failure: Error {
        case connect(String)
        case io(String)
        case response(HTTPResponseReader.Failure)
        /// The request could not be sent, or the connection ended before any of the answer: the
        /// server had closed it (a kept-alive connection it let go idle).
        case closedBeforeAnswer(String)
    }

    let address: String
    let maxBodyBytes: Int
    /// The open socket (or -1), used by one call at a time (the loop's) and by `interrupt`; and
    /// whether a call was interrupted, after which every call fails at once.
    private let current = Mutex<(descriptor: Int32, interrupted: Bool)>((-1, false))
    private let queue = DispatchQueue(label: "lambda-runtime-api")

    init(address: String, maxBodyBytes: Int) {
        self.address = address
        self.maxBodyBytes = maxBodyBytes
    }

    /// The bytes of one request (`Content-Length` framed; the connection is kept alive).
    static func request(_ method: String, _ path: String, host: String, headers: [(String, String)], body: [UInt8]?) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: replies-engine\r\n"
        // A value never ends the header line early (an error type is the handler's text).
        for (name, value) in headers { head += "\(name): \(value.filter { !$0.isNewline })\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (body ?? [])
    }

    /// Sends `request` and reads the response; `deadline` (monotonic, `DispatchTime`) bounds each
    /// wait for the answer, nil waits as long as it takes (`/next`). A kept-alive connection the
    /// server had closed is reopened once, when nothing of a response had arrived on it.
    func exchange(_ request: [UInt8], deadline: DispatchTime?) async throws -> HTTPResponseReader.Response {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { continuation.resume(with: Result { try self.exchangeBlocking(request, deadline: deadline) }) }
            }
        } onCancel: {
            interrupt()
        }
    }

    /// Ends a waiting call (it fails) and closes the connection.
    func interrupt() {
        current.withLock { state in
            state.interrupted = true
            if state.descriptor >= 0 { _ = shutdown(state.descriptor, Int32(SHUT_RDWR)) }
        }
    }

    /// Closes the connection; the next call opens a new one.
    func disconnect() {
        current.withLock { state in
            if state.descriptor >= 0 { _ = close(state.descriptor) }
            state.descriptor = -1
        }
    }

    private func exchangeBlocking(_ request: [UInt8], deadline: DispatchTime?) throws -> HTTPResponseReader.Response {
        let reused = current.withLock { $0.descriptor } >= 0
        do {
            return try attempt(request, deadline: deadline)
        } catch Failure.closedBeforeAnswer where reused && !isInterrupted {
            return try attempt(request, deadline: deadline)
        }
    }

    private func attempt(_ request: [UInt8], deadline: DispatchTime?) throws -> HTTPResponseReader.Response {
        let descriptor = try openIfNeeded()
        do {
            try Self.transmit(request, on: descriptor)
            var reader = HTTPResponseReader(maxBodyBytes: maxBodyBytes) { try Self.receive(from: descriptor, deadline: deadline) }
            let response: HTTPResponseReader.Response
            do {
                response = try reader.read()
            } catch HTTPResponseReader.Failure.ended(received: 0) {
                throw Failure.closedBeforeAnswer("the connection ended before the answer")
            } catch let failure as HTTPResponseReader.Failure {
                throw Failure.response(failure)
            }
            if response.closes { disconnect() }
            return response
        } catch {
            disconnect()
            throw error
        }
    }

    private var isInterrupted: Bool { current.withLock { $0.interrupted } }

    private func openIfNeeded() throws -> Int32 {
        let (open, interrupted) = current.withLock { ($0.descriptor, $0.interrupted) }
        if interrupted { throw Failure.io("cancelled") }
        if open >= 0 { return open }
        let descriptor = try Self.openSocket(to: address)
        let replaced: Bool = current.withLock { state in
            // Interrupted while connecting: the new socket is not kept.
            guard !state.interrupted else { return false }
            state.descriptor = descriptor
            return true
        }
        guard replaced else {
            _ = close(descriptor)
            throw Failure.io("cancelled")
        }
        return descriptor
    }

    private static func transmit(_ bytes: [UInt8], on descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return send(descriptor, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw Failure.closedBeforeAnswer("send: \(Self.describe(errno))")
            }
            offset += sent
        }
    }

    private static func receive(from descriptor: Int32, deadline: DispatchTime?) throws -> [UInt8] {
        if let deadline {
            let now = DispatchTime.now().uptimeNanoseconds
            let left = deadline.uptimeNanoseconds > now ? Int32(min((deadline.uptimeNanoseconds - now) / 1_000_000 + 1, 3_600_000)) : 0
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, left)
            if polled == 0 { throw Failure.io("no answer before the deadline") }
            if polled < 0, errno != EINTR { throw Failure.io("poll: \(describe(errno))") }
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(chunk.prefix(count)) }
            if errno == EINTR { continue }
            // A reset after the server closed a kept-alive connection reads as its end.
            if errno == ECONNRESET { return [] }
            throw Failure.io("recv: \(describe(errno))")
        }
    }
}
