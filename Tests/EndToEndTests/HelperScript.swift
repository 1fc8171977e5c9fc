import Foundation

/// Runs one of the Python helpers in `scripts/aws/`, `scripts/email/` or `scripts/console/` (they
/// need PyYAML, boto3 and cryptography, which scripts/with-moto.sh installs with moto, and
/// Selenium, which scripts/ensure-browser.sh installs) to completion.
///
/// ```swift
/// let facts = try HelperScript.run("template_facts.py", [templatePath])
/// ```
enum HelperScript {
    /// The script's standard output, or a failure carrying what it printed (both streams). `folder` is
    /// relative to the repository (`scripts/email` for the Inbound Parse signer).
    static func run(_ script: String, _ arguments: [String], in folder: String = "scripts/aws") throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", RoleUser.repository.appendingPathComponent(folder).appendingPathComponent(script).path] + arguments
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
            throw EngineTestError.commandFailed(
                "python3 \(script)", process.terminationStatus, String(decoding: data + message, as: UTF8.self))
        }
        return data
    }
}
