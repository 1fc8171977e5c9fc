import Foundation
import Testing

/// `replies-engine demo` is the README's first command: it must work with nothing configured,
/// explain how it ended, and leave a command that runs as printed.
@Suite struct DemoEndToEndTests {
    @Test("demo answers the burst once, hands the conversation to a human, shows the notice and a runnable inspect command")
    func demoRunsOffline() async throws {
        let output = try await EngineProcess.run(["demo", "--batch-window", "2"], environment: ["LOG_LEVEL": "warning"])
        let lines = output.components(separatedBy: "\n")
        let cleanup = try #require(lines.first { $0.hasPrefix("Remove it when done: rm -r '") })
        let directory = String(cleanup.dropFirst("Remove it when done: rm -r '".count).dropLast())
        defer { try? FileManager.default.removeItem(atPath: directory) }

        #expect(output.contains("[offline demo model]"))
        #expect(output.contains("I received 3 messages from you"))
        #expect(output.components(separatedBy: "→ whatsapp to").count - 1 == 2)
        #expect(!output.contains("no reply within"))
        // Replies go to the person: no operator hints in them.
        #expect(lines.filter { $0.contains("[offline demo model]") && !$0.contains("model:") }.allSatisfy { !$0.contains("OPENAI_API_KEY") })
        #expect(output.contains(
            "conversation_status reply_sent: the last batch was answered; and hand_off_to_human is true (the person asked for a human): a human owns the conversation now"))
        #expect(output.contains("Handoff notices written"))
        #expect(output.contains("  model_requested (the person asked for a human): batch "))

        // The printed command runs as printed.
        let inspectLine = try #require(lines.firstIndex { $0.hasPrefix("Look at the record yourself") }.map { lines[$0 + 1] })
        let inspect = try EngineProcess(
            arguments: ["-c", inspectLine.trimmingCharacters(in: .whitespaces)], environment: [:], executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(try await inspect.waitForExit() == 0, "\(inspect.standardError)")
        #expect(inspect.standardOutput.contains("\"hand_off_to_human\" : true"))

        let notices = try await EngineProcess.run(["handoffs"], environment: ["REPLIES_DATA_DIR": directory])
        #expect(notices.contains("\"reason\":\"model_requested\""))
    }
}
