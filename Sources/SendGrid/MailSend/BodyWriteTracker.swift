import NIOCore
import Synchronization

/// Notes whether the HTTP library has started taking the request body. AsyncHTTPClient asks
/// for a streamed body only once a connection is up and the request head is written, so a
/// failure before that point means SendGrid never saw the request (safe to retry) and a failure
/// after it means it may have (not safe).
final class BodyWriteTracker: Sendable {
    private let flag = Mutex(false)

    var started: Bool { flag.withLock { $0 } }

    func markStarted() { flag.withLock { $0 = true } }
}

/// The request body as a one-chunk stream that reports to a ``BodyWriteTracker``.
struct TrackedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let buffer: ByteBuffer
    let tracker: BodyWriteTracker

    func makeAsyncIterator() -> Iterator { Iterator(buffer: buffer, tracker: tracker) }

    struct Iterator: AsyncIteratorProtocol {
        var buffer: ByteBuffer?
        let tracker: BodyWriteTracker

        mutating func next() async -> ByteBuffer? {
            tracker.markStarted()
            defer { buffer = nil }
            return buffer
        }
    }
}
