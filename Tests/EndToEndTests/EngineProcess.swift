import Foundation
import Synchronization

/// Runs the real `replies-engine` binary as a child process and cleans it up.
final class EngineProcess: Sendable {
    /// Text a pipe delivered so far; a class so its reader thread can share it.
    final class Collected: Sendable {
        let text = Mutex(Data())
        let ended = Mutex(false)
        var value: String { text.withLock { String(decoding: $0, as: UTF8.self) } }
        var isComplete: Bool { ended.withLock { $0 } }

        /// Reads `handle` to end of file on a thread of its own: blocking reads lose nothing,
        /// where Foundation's readability handlers on Linux can stop before the last chunk.
        func readToEnd(_ handle: FileHandle) {
            let thread = Thread { [self] in
                // availableData blocks until some bytes arrive and is empty only at end of file.
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    text.withLock { $0.append(chunk) }
                }
                try? handle.close()
                ended.withLock { $0 = true }
            }
            thread.start()
        }
    }

    let process: Process
    private let output = Collected()
    private let errors = Collected()

    /// The built executable next to the test bundle (`swift build` puts both in one folder).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["REPLIES_ENGINE_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("replies-engine")
    }

    /// - Parameters:
    ///   - executable: another program than the engine (a shell running the README's steps).
    ///   - directory: the working directory (default: the test's).
    init(arguments: [String], environment: [String: String], executable: URL? = nil, directory: URL? = nil) throws {
        let process = Process()
        self.process = process
        process.executableURL = executable ?? Self.binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("REPLIES_") && !$0.key.hasPrefix("OPENAI") && !$0.key.hasPrefix("TWILIO") }
        env.merge(environment) { _, new in new }
        process.environment = env
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let output = self.output
        let errors = self.errors
        try process.run()
        output.readToEnd(stdout.fileHandleForReading)
        errors.readToEnd(stderr.fileHandleForReading)
    }

    var standardOutput: String { output.value }
    var standardError: String { errors.value }

    /// Waits for `serve` to print its bound address.
    func listeningAddress(timeout: Duration = .seconds(30)) async throws -> String {
        try await poll(timeout: timeout, "the server to start") {
            guard let line = standardOutput.split(separator: "\n").first(where: { $0.hasPrefix("replies-engine listening on ") }) else {
                return nil
            }
            return String(line.dropFirst("replies-engine listening on ".count))
        }
    }

    func terminate() { if process.isRunning { process.terminate() } }

    func kill9() { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Waits for the process to exit and for its output to be read to the end: the reader
    /// threads may still hold the last chunk when the exit is seen.
    func waitForExit(timeout: Duration = .seconds(20)) async throws -> Int32 {
        let status = try await poll(timeout: timeout, "the process to exit") { process.isRunning ? nil : process.terminationStatus }
        _ = try await poll(timeout: .seconds(10), "the output pipes to close") { output.isComplete && errors.isComplete ? true : nil }
        return status
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Runs a short command (seed, inspect) to completion and returns its standard output.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> String {
        let finished = try await finish(arguments, environment: environment)
        guard finished.status == 0 else {
            throw EngineTestError.commandFailed(arguments.joined(separator: " "), finished.status, finished.errors)
        }
        return finished.output
    }

    /// Runs a command to completion, whatever its exit status.
    static func finish(
        _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, output: String, errors: String) {
        let engine = try EngineProcess(arguments: arguments, environment: environment)
        let status = try await engine.waitForExit(timeout: timeout)
        return (status, engine.standardOutput, engine.standardError)
    }
}

enum EngineTestError: Error, CustomStringConvertible {
    case commandFailed(String, Int32, String)
    case timedOut(String)

    var description: String {
        switch self {
        case .commandFailed(let command, let status, let errors): "replies-engine \(command) exited \(status): \(errors)"
        case .timedOut(let what): "timed out waiting for \(what)"
        }
    }
}

/// Polls `check` every 50 ms until it returns a value (these tests run real processes, so they
/// wait for real time; unit tests never do).
func poll<T>(timeout: Duration, _ what: String, _ check: () async throws -> T?) async throws -> T {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < timeout {
        if let value = try await check() { return value }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw EngineTestError.timedOut(what)
}
