import Foundation
import NIOCore
import NIOPosix
import Testing

/// The binary's answers to wrong command lines and configuration (issue 16, point 5): each
/// refused with a message that names the problem, exit status non-zero.
@Suite struct CommandLineTests {
    func failure(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, message: String) {
        let engine = try EngineProcess(arguments: arguments, environment: environment)
        let status = try await engine.waitForExit()
        return (status, engine.standardError + engine.standardOutput)
    }

    @Test("--version prints the version")
    func version() async throws {
        let output = try await EngineProcess.run(["--version"], environment: [:])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test("a port outside 1-65535 is refused, not wrapped around", arguments: ["99999", "65536", "100000"])
    func portRange(port: String) async throws {
        let (status, message) = try await failure(["serve", "--port", port])
        #expect(status != 0)
        #expect(message.contains("is not a TCP port: use 1-65535"))
    }

    @Test("a port in use is said in plain words")
    func portInUse() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let taken = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        defer { taken.close(promise: nil) }
        let port = try #require(taken.localAddress?.port)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, message) = try await failure(
            ["serve", "--port", String(port)], environment: ["REPLIES_DATA_DIR": directory.path, "LOG_LEVEL": "error"])
        #expect(status != 0)
        #expect(message.contains("port \(port) on 127.0.0.1 is already in use"))
        #expect(!message.contains("errno"))
    }

    @Test("an invalid value names the key and lists the allowed values")
    func invalidValue() async throws {
        let (status, message) = try await failure(["config", "show"], environment: ["REPLIES_SENDER": "smtp"])
        #expect(status != 0)
        #expect(message.contains("REPLIES_SENDER='smtp' is invalid: expected one of twilio, console"))
    }

    @Test("an unknown key in --config is refused with the nearest known key")
    func unknownConfigKey() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("replies-cli-\(UUID().uuidString).json")
        try Data(#"{"BATCH_WINDOW_SECOND": 3}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, message) = try await failure(["serve", "--config", file.path])
        #expect(status != 0)
        #expect(message.contains("unknown key BATCH_WINDOW_SECOND; did you mean BATCH_WINDOW_SECONDS?"))
    }

    @Test("config show masks secrets and says where each value came from")
    func configShow() async throws {
        let output = try await EngineProcess.run(
            ["config", "show"], environment: ["OPENAI_API_KEY": "sk-not-a-real-key-123", "BATCH_WINDOW_SECONDS": "4"])
        #expect(output.contains("OPENAI_API_KEY=<secret>  (environment)"))
        #expect(output.contains("BATCH_WINDOW_SECONDS=4  (environment)"))
        #expect(output.contains("REPLIES_BACKEND=embedded  (default)"))
        #expect(!output.contains("sk-not-a-real-key-123"))
    }
}
