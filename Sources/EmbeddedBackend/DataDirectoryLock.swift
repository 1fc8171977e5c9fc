import Foundation
import RepliesCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `serve`'s claim on a data directory: an exclusive `flock` on `serve.lock` in it, held for the
/// life of the process. The kernel drops it when the process ends in any way, `kill -9`
/// included, so a stale lock file never blocks a restart; a second `serve` on the same directory
/// is refused with the first one's pid. Holding it is what makes the directory known to be
/// single-process, so the holder may take over a dead predecessor's leases (``CrashTakeover``).
///
/// ```swift
/// let lock = try DataDirectoryLock.acquire(directory: "/var/lib/replies")
/// defer { lock.release() }
/// ```
package final class DataDirectoryLock: Sendable {
    package static let fileName = "serve.lock"

    package let path: String
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock or throws ``EmbeddedStoreError/dataDirectoryInUse(path:holder:)``.
    package static func acquire(directory: String) throws(EmbeddedStoreError) -> DataDirectoryLock {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, OwnerOnlyFiles.fileMode)
        guard descriptor >= 0 else {
            throw .directoryNotWritable(path: directory, reason: "cannot open \(fileName) (\(String(cString: strerror(errno))))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            let holder = Self.holder(descriptor)
            close(descriptor)
            if failure == EWOULDBLOCK { throw .dataDirectoryInUse(path: directory, holder: holder) }
            throw .directoryNotWritable(path: directory, reason: "cannot lock \(fileName) (\(String(cString: strerror(failure))))")
        }
        // Who holds it, for the message the next process prints; informative only.
        let note = "pid \(getpid()), started \(Timestamp.format(Date()))\n"
        _ = ftruncate(descriptor, 0)
        _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return DataDirectoryLock(path: path, descriptor: descriptor)
    }

    /// Releases the lock (idempotent); the lock file stays, unlocked.
    package func release() {
        descriptor.withLock { value in
            guard let open = value else { return }
            _ = flock(open, LOCK_UN)
            close(open)
            value = nil
        }
    }

    deinit { release() }

    private static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
