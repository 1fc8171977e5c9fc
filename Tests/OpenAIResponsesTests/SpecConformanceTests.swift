import AsyncHTTPClient
import Foundation
import NIOCore
@testable import OpenAIResponses
import RepliesCore
import TestFakes
import Testing

/// What the client sends, checked against OpenAI's own published schema (`CreateResponse` in
/// Tests/Specs, validated by Python's `jsonschema`), and the fake's engine-contract checks.
@Suite struct SpecConformanceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let spec = repository.appendingPathComponent("Tests/Specs/openai+openai-openapi.f85dbe223d40.subset.json").path

    @Test func requestBodiesAreValidCreateResponseRequests() async throws {
        var prompts = [Fixture.prompt]
        var bare = Fixture.prompt
        bare.context = ""
        bare.history = []
        prompts.append(bare)
        var long = Fixture.prompt
        long.history = (0..<30).map { .init(role: $0 % 2 == 0 ? .user : .assistant, text: "turn \($0) " + String(repeating: "é", count: 50)) }
        prompts.append(long)
        prompts.append(MediaRequestTests.promptWithMedia)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openai-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        try await Fixture.withFake { openai in
            for (index, prompt) in prompts.enumerated() {
                var configuration = Fixture.configuration(SleepRecorder())
                if index == 1 { configuration.safetyIdentifierKey = nil }
                _ = try await Fixture.client(openai, configuration).reply(to: prompt, apiKey: Fixture.apiKey)
            }
            for (index, request) in await openai.requests().enumerated() {
                let file = directory.appendingPathComponent("body-\(index).json")
                try Data(request.rawBody.utf8).write(to: file)
                files.append(file.path)
            }
        }
        #expect(files.count == prompts.count)
        let (status, output) = try await Self.validate(files)
        #expect(status == 0, "\(output)")
    }

    /// The validator itself rejects what the real API rejects (so the test above can fail).
    @Test func theValidatorRejectsABodyTheAPIWouldRefuse() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openai-spec-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.json")
        try Data(#"{"model":"gpt-5-mini","input":[{"role":"user","content":"Hi"}],"max_output_tokens":8,"safety_identifier":"\#(String(repeating: "a", count: 65))"}"#.utf8).write(to: file)
        let (status, output) = try await Self.validate([file.path])
        #expect(status == 1)
        #expect(output.contains("max_output_tokens") && output.contains("safety_identifier"))
    }

    @Test func theFakeRefusesCallsThatBreakTheEngineContract() async throws {
        try await Fixture.withFake { openai in
            await openai.enforceEngineContract()
            var prompt = Fixture.prompt
            prompt.context = ""
            let failure = await Fixture.failure {
                try await Fixture.client(openai, Fixture.configuration(SleepRecorder())).reply(to: prompt, apiKey: Fixture.apiKey)
            }
            #expect(failure?.httpStatus == 400, "instructions without the context block are refused")
            _ = try await Fixture.client(openai, Fixture.configuration(SleepRecorder())).reply(to: Fixture.prompt, apiKey: Fixture.apiKey)
        }
    }

    /// Runs scripts/check-openai-request.py; its exit status and output.
    static func validate(_ files: [String]) async throws -> (Int32, String) {
        try await PythonCheck.run(repository.appendingPathComponent("scripts/check-openai-request.py"), [spec] + files)
    }
}
