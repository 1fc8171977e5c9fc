package import Foundation

/// Runs a checking script of the repository's `scripts/` with `python3` and returns its exit
/// status and its output (standard output and error together), for tests that validate what
/// the engine produced against a peer's document (an OpenAPI subset, the operator API's).
///
/// ```swift
/// let (status, output) = try await PythonCheck.run(repository.appendingPathComponent("scripts/check-openapi.py"), [spec, file])
/// ```
package enum PythonCheck {
    /// Waits on a thread of its own: a test blocking one of the two cooperative threads of a
    /// 2-core machine for the script's second stalls every other test's async work meanwhile.
    package static func run(_ script: URL, _ arguments: [String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(script, arguments) })
            }
        }
    }

    /// Runs the script to completion on the calling thread.
    package static func runBlocking(_ script: URL, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
