import Foundation

/// Runs one of the Python helpers in `scripts/aws/` (they need PyYAML and boto3, which
/// scripts/with-moto.sh installs with moto) to completion.
///
/// ```swift
/// let facts = try HelperScript.run("template_facts.py", [templatePath])
/// ```
enum HelperScript {
    static let directory = RoleUser.repository.appendingPathComponent("scripts/aws")

    /// The script's standard output, or a failure carrying its standard error.
    static func run(_ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory.appendingPathComponent(script).path] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Both pipes are drained before waiting: a helper that writes more than a pipe holds
        // would otherwise block forever.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw EngineTestError.commandFailed("python3 \(script)", process.terminationStatus, String(decoding: message, as: UTF8.self))
        }
        return data
    }
}
