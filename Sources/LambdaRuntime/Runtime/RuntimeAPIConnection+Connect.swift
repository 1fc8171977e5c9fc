#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension RuntimeAPIConnection {
    /// How long opening the connection may take (the Runtime API is local: it answers at once).
    static let connectTimeoutMilliseconds: Int32 = 5_000

    /// A connected TCP socket to `address` (`host:port`, as `AWS_LAMBDA_RUNTIME_API` gives it).
    static func openSocket(to address: String) throws -> Int32 {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw Failure.connect("'\(address)' is not host:port")
        }
        let host = String(address[..<colon]).trimmingBrackets
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &found)
        guard resolved == 0, let first = found else {
            throw Failure.connect("cannot resolve '\(host)': \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(first) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let descriptor = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else {
                lastError = "socket: \(describe(errno))"
                continue
            }
            if let failure = connectWithin(descriptor, to: info.pointee) {
                lastError = failure
                _ = close(descriptor)
                continue
            }
            var yes: Int32 = 1
            _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            return descriptor
        }
        throw Failure.connect("\(address): \(lastError)")
    }

    /// Connects without blocking longer than ``connectTimeoutMilliseconds``; nil on success.
    private static func connectWithin(_ descriptor: Int32, to info: addrinfo) -> String? {
        let flags = fcntl(descriptor, F_GETFL, 0)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(descriptor, F_SETFL, flags) }
        if connect(descriptor, info.ai_addr, info.ai_addrlen) == 0 { return nil }
        guard errno == EINPROGRESS else { return "connect: \(describe(errno))" }
        var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard poll(&ready, 1, connectTimeoutMilliseconds) == 1 else { return "connect: no answer in \(connectTimeoutMilliseconds) ms" }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
        return failure == 0 ? nil : "connect: \(describe(failure))"
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

extension String {
    /// `[::1]` → `::1` (an IPv6 literal in host:port form).
    fileprivate var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}
