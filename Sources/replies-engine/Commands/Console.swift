import Foundation

/// Messages for the person at the terminal: results on standard output (`print`), problems on
/// standard error, unbuffered so they interleave with the logs in order.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
