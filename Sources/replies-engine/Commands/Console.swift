import Foundation

/// Messages for the person at the terminal: results on standard output (`print`), problems on
/// standard error, unbuffered so they interleave with the logs in order.
enum Console {
    /// A result line on standard output, unbuffered: `print` buffers when the output is a pipe,
    /// which would put it out of order with what other parts write unbuffered (the console
    /// sender's replies).
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
