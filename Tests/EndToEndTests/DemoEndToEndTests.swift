import Foundation
import Testing

/// `replies-engine demo` is the README's first command: it must work with nothing configured.
@Suite struct DemoEndToEndTests {
    @Test("demo answers the burst once and hands the conversation to a human")
    func demoRunsOffline() async throws {
        let output = try await EngineProcess.run(["demo", "--batch-window", "1"], environment: ["LOG_LEVEL": "warning"])
        #expect(output.contains("[offline demo model]"))
        #expect(output.contains("I received 3 messages from you"))
        #expect(output.components(separatedBy: "→ whatsapp to").count - 1 == 2)
        #expect(output.contains("conversation_status: reply_sent"))
        #expect(output.contains("hand_off_to_human:   true"))
        #expect(!output.contains("no reply within"))
    }
}
