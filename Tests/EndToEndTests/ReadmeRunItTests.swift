import Foundation
import Testing

/// The README's "Run it" steps, run as written (two shells, the example seed file), with the
/// binary this test run built instead of the release build and a free port instead of 8080;
/// and the documentation's own promises: nothing links outside the repository.
@Suite struct ReadmeRunItTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shell lines of the fenced block after `<!-- run-it: NAME -->` in README.md.
    static func block(_ name: String, in readme: String) throws -> [String] {
        let marker = "<!-- run-it: \(name) -->"
        let after = try #require(readme.range(of: marker), "README.md has no \(marker)").upperBound
        let rest = readme[after...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return rest[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
    }

    /// A README line as this test runs it: the suite's binary, a free port.
    static func adapt(_ line: String, port: Int) -> String {
        line.replacingOccurrences(of: ".build/release/replies-engine", with: "'\(EngineProcess.binary.path)'")
            .replacingOccurrences(of: "8080", with: String(port))
    }

    @Test("README 'Run it': seed the example, serve, simulate with PUBLIC_BASE_URL, inspect — as written")
    func runItWorksAsWritten() async throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let server = try Self.block("server", in: readme)
        let client = try Self.block("client", in: readme)
        #expect(server.first?.hasPrefix("swift build -c release") == true)
        #expect(server.contains { $0.contains("seed docs/examples/seed.json") })
        #expect(client.contains { $0.contains("PUBLIC_BASE_URL=") } && client.contains { $0.contains(" simulate ") })

        // A fresh checkout's layout: the example file at its documented path.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("replies-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("docs/examples"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("docs/examples/seed.json"), to: work.appendingPathComponent("docs/examples/seed.json"))

        let port = try freeLoopbackPort()
        // The build is the suite's own; `exec` lets terminating the shell stop serve.
        var serverLines = server.dropFirst().map { Self.adapt($0, port: port) }
        serverLines[serverLines.count - 1] = "exec " + serverLines[serverLines.count - 1]
        let bash = URL(fileURLWithPath: "/bin/bash")
        let serving = try EngineProcess(
            arguments: ["-euc", serverLines.joined(separator: "\n")], environment: [:], executable: bash, directory: work)
        defer { serving.kill9() }
        _ = try await serving.listeningAddress()
        #expect(serving.standardOutput.contains("seeded 1 conversation (1 new, 0 replaced), 1 company, 2 secrets"))

        let talking = try EngineProcess(
            arguments: ["-euc", client.map { Self.adapt($0, port: port) }.joined(separator: "\n")], environment: [:],
            executable: bash, directory: work)
        #expect(try await talking.waitForExit(timeout: .seconds(60)) == 0, "\(talking.standardError)")
        let output = talking.standardOutput
        #expect(output.hasPrefix("200 ") && output.contains("<Response></Response>"))
        #expect(output.contains("outcome: stored"), "\(output)")
        #expect(output.contains("answered:\n  [offline demo model] Thanks! I received 1 message from you: “Hi, is parking included?”."))
        #expect(output.contains("\"conversation_status\" : \"reply_sent\""))
        #expect(!output.contains("OPENAI_API_KEY"))
        // The console sender printed the reply on serve's side.
        #expect(serving.standardOutput.contains("→ whatsapp to +44********23"))
        serving.terminate()
        #expect(try await serving.waitForExit() == 0)
    }

    @Test("no document links or points outside the repository, and the README states the first build's duration")
    func documentationStaysInsideTheRepository() throws {
        let manager = FileManager.default
        var documents = [Self.repository.appendingPathComponent("README.md")]
        let docs = Self.repository.appendingPathComponent("docs")
        for path in try manager.subpathsOfDirectory(atPath: docs.path) where path.hasSuffix(".md") {
            documents.append(docs.appendingPathComponent(path))
        }
        let root = Self.repository.standardizedFileURL.path
        for document in documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            let name = document.path.replacingOccurrences(of: root + "/", with: "")
            #expect(!text.contains("../shared"), "\(name) refers to ../shared")
            // Markdown links: relative targets must resolve inside the repository and exist.
            let pattern = try NSRegularExpression(pattern: #"\]\(([^)#\s]+)(#[^)]*)?\)"#)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                let target = String(text[range])
                if target.contains("://") || target.hasPrefix("mailto:") { continue }
                let resolved = document.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL.path
                #expect(resolved.hasPrefix(root + "/"), "\(name) links outside the repository: \(target)")
                #expect(manager.fileExists(atPath: resolved), "\(name) links to a missing file: \(target)")
            }
        }
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("The first build takes about 4 minutes"))
    }
}
