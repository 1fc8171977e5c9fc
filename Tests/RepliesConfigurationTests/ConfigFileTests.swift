import Foundation
import Logging
import RepliesConfiguration
import RepliesCore
import Testing

@Suite("The --config JSON file")
struct ConfigFileTests {
    func withFile(_ json: String, _ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replies-config-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await body(path)
    }

    @Test("numbers, strings and booleans are read; the environment wins over the file")
    func precedence() async throws {
        try await withFile(#"{"BATCH_WINDOW_SECONDS": 3, "MAX_ATTEMPTS": "9", "LOG_LEVEL": "debug", "SETUP_CONVERSATIONS_TABLE": false}"#) { path in
            let values = try await ConfigurationValues.load(environment: ["LOG_LEVEL": "error"], file: path)
            let config = try EngineConfiguration(values)
            #expect(config.settings.batchWindow == .seconds(3))
            #expect(config.settings.maxAttempts == 9)
            #expect(config.logLevel == .error)
            #expect(try values.value(SetupKeys().createConversationsTable) == false)
            let sources = Dictionary(uniqueKeysWithValues: values.effective().map { ($0.name, $0.source) })
            #expect(sources["LOG_LEVEL"] == .environment && sources["MAX_ATTEMPTS"] == .file && sources["REPLIES_MODEL"] == .default)
        }
    }

    @Test("REPLIES_CONFIG_FILE names the file when --config is not given")
    func fromEnvironment() async throws {
        try await withFile(#"{"REPLIES_SENDER": "console"}"#) { path in
            let values = try await ConfigurationValues.load(environment: ["REPLIES_CONFIG_FILE": path])
            #expect(try EngineConfiguration(values).sender == .console)
        }
    }

    @Test("an unknown key is refused with the nearest known key")
    func unknownKey() async throws {
        try await withFile(#"{"BATCH_WINDOW_SECOND": 3}"#) { path in
            await #expect(throws: ConfigurationError.unknownKey(key: "BATCH_WINDOW_SECOND", file: path, suggestion: "BATCH_WINDOW_SECONDS")) {
                _ = try await ConfigurationValues.load(environment: [:], file: path)
            }
        }
        try await withFile(#"{"totally_unrelated": 1}"#) { path in
            await #expect(throws: ConfigurationError.unknownKey(key: "totally_unrelated", file: path, suggestion: nil)) {
                _ = try await ConfigurationValues.load(environment: [:], file: path)
            }
        }
    }

    @Test("a file that is not a flat JSON object of values is refused", arguments: [
        "[1, 2]", "{not json", #"{"LOG_LEVEL": {"nested": "debug"}}"#, #"{"LOG_LEVEL": ["debug"]}"#,
    ])
    func malformed(json: String) async throws {
        try await withFile(json) { path in
            await #expect {
                _ = try await ConfigurationValues.load(environment: [:], file: path)
            } throws: { error in
                guard case .malformedFile(let file, _) = error as? ConfigurationError else { return false }
                return file == path
            }
        }
    }

    @Test("a missing file is named")
    func missing() async {
        await #expect(throws: ConfigurationError.unreadableFile(path: "/nonexistent/replies.json")) {
            _ = try await ConfigurationValues.load(environment: [:], file: "/nonexistent/replies.json")
        }
    }

    @Test("an invalid value in the file names the key")
    func invalidValue() async throws {
        try await withFile(#"{"WORKER_CONCURRENCY": 1000}"#) { path in
            let values = try await ConfigurationValues.load(environment: [:], file: path)
            #expect(throws: ConfigurationError.invalid(key: "WORKER_CONCURRENCY", value: "1000", expected: "a whole number in 1...64")) {
                try EngineConfiguration(values)
            }
        }
    }
}
