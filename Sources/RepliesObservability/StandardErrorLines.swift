import Foundation

/// Where both log handlers write: standard error, one line per `write` call so that concurrent
/// lines never interleave. A line that cannot be written (standard error closed or full) is
/// dropped, as swift-log's stock handler drops it: logging never stops the engine.
enum StandardErrorLines {
    static func write(_ line: [UInt8]) {
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = Foundation.write(STDERR_FILENO, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
