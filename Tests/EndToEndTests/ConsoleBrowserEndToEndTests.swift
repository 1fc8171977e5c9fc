import Foundation
import NIOHTTP1
import RepliesCore
import TestFakes
import Testing

/// The staff console in a real browser (headless Chromium driven by Selenium,
/// scripts/console/browser_test.py) against the real `serve`: a staff member signs in with a
/// token, opens the handed-off conversation from the inbox, reads the waiting message — markup in
/// it shown as text, never run — replies (the fake Twilio receives it once) and hands back; the AI
/// then answers the person's next message.
@Suite struct ConsoleBrowserEndToEndTests {
    @Test("the console's whole loop in headless Chromium", .timeLimit(.minutes(3)))
    func staffLoopInABrowser() async throws {
        let harness = try await FaultHarness.start(.embedded)
        defer { Task { await harness.stop() } }
        let token = try await OperatorEndToEndTests.createToken(harness, name: "ann")
        let serving = try await harness.serve()
        defer { serving.process.kill9() }
        let api = OperatorEndToEndTests.Client(address: serving.address, token: token, path: OperatorEndToEndTests.conversationPath(harness))
        #expect(try await api.call(.POST, api.path + "/handoff", body: #"{"reason":"wants a person"}"#).status == 200)
        let hostile = #"Can I talk to someone? <img src=x onerror="document.title='pwned'">"#
        try await harness.postBurst([hostile], to: serving.address)
        _ = try await harness.waitForRecord(timeout: .seconds(30), "the message recorded while a human has it") {
            ($0["messages"] as? [Any])?.count == 2 && $0["conversation_status"] as? String == "handed_off"
        }

        // The handoff notice links to the conversation in the console (for PUBLIC_BASE_URL; the
        // browser opens the same link on this server).
        let link = try #require(try await harness.handoffNotices().last?.consoleURL)
        #expect(link.hasPrefix(harness.tenant.publicBaseURL + "/console#conversation=%2B"))
        let fragment = try #require(link.split(separator: "#", maxSplits: 1).last)

        let screenshots = FileManager.default.temporaryDirectory.appendingPathComponent("replies-console-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: screenshots) }
        let output = try await Self.runBrowser([
            "--url", "http://\(serving.address)/console#\(fragment)", "--token", token, "--waiting", hostile,
            "--reply", "Hi Sam, Ann here.", "--screenshots", screenshots.path,
        ])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(result["ok"] as? Bool == true, "\(result)")
        #expect((result["seen"] as? [String: Any])?["opened_by_link"] as? Bool == true)
        #expect(await harness.twilio.sentMessages().map(\.body) == ["Hi Sam, Ann here."], "sent once, as typed")
        #expect(FileManager.default.fileExists(atPath: screenshots.appendingPathComponent("console-phone.png").path))

        // Handed back in the browser: the AI answers the next message, knowing what staff said.
        try await harness.postBurst(["Great, is parking included?"], to: serving.address)
        let record = try await harness.waitForRecord(timeout: .seconds(30), "the AI's answer after the hand-back") {
            ($0["messages"] as? [[String: Any]])?.last?["role"] as? String == "assistant"
        }
        let roles = (record["messages"] as? [[String: Any]])?.map { $0["role"] as? String ?? "" }
        #expect(roles == ["assistant", "user", "operator", "user", "assistant"])
        #expect(await harness.twilio.sentMessages().count == 2)
    }

    /// The driver's JSON line; a failure carries what it printed (the page's text, the error).
    /// Waited for on a thread of its own, not on one of the suite's two cooperative threads.
    static func runBrowser(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    String(decoding: try HelperScript.run("browser_test.py", arguments, in: "scripts/console"), as: UTF8.self)
                })
            }
        }
    }
}
