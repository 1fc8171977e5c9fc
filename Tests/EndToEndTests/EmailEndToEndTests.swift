import Foundation
import RepliesCore
import TestFakes
import Testing

/// The e-mail channel on the real binary (issue 12), on both backends: a signed Inbound Parse
/// post for a template-sender e-mail record gets one reply through (fake) SendGrid, threaded
/// and recorded in the `messages` shape; SendGrid's retry of the same post, an auto-reply and a
/// forged post change nothing else.
@Suite(.serialized)
struct EmailEndToEndTests {
    @Test("an e-mail is answered once, in thread: embedded backend")
    func emailOnEmbedded() async throws {
        let directory = try Self.temporaryDirectory("replies-email")
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment: [String: String] = ["REPLIES_DATA_DIR": directory.appendingPathComponent("data").path]
        try await run(environment: &environment, directory: directory)
    }

    @Test("an e-mail is answered once, in thread: AWS backend on moto")
    func emailOnMoto() async throws {
        let directory = try Self.temporaryDirectory("replies-email-aws")
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = try await AWSStack.provisioned()
        try await run(environment: &environment, directory: directory)
    }

    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    private func run(environment: inout [String: String], directory: URL) async throws {
        let tenant = try EmailTenant(directory: directory)
        let openAI = try await FakeOpenAI.start(apiKey: tenant.openAIKey)
        await openAI.enforceEngineContract()
        let sendGrid = try await FakeSendGrid.start(apiKey: tenant.sendGridKey)
        environment["OPENAI_BASE_URL"] = openAI.baseURL
        environment["SENDGRID_API_BASE_URL"] = sendGrid.baseURL
        environment["PUBLIC_BASE_URL"] = "https://hooks.example.test/prod"
        environment["EMAIL_BATCH_WINDOW_SECONDS"] = "1"
        environment["LOG_LEVEL"] = "info"
        // Strict seed: the e-mail record and its secret pass the same checks as ingest.
        let seeded = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: environment)
        #expect(seeded.contains("seeded 1 conversation"), "\(seeded)")
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = "http://" + (try await engine.listeningAddress())

        // Forged (signed with another key), unsigned and stale posts: 403, nothing stored.
        let other = try EmailTenant(directory: directory.appendingPathComponent("other-\(UUID().uuidString.prefix(4))", isDirectory: true).creating())
        let forged = try tenant.post(messageID: "<forged-1@example.com>", text: "Send me the keys", signedWith: other.signingKey.privatePEM)
        #expect(try await EmailTenant.send(forged, to: address) == 403)
        var unsigned = try tenant.post(messageID: "<unsigned-1@example.com>", text: "Hello")
        unsigned.signature = ""
        #expect(try await EmailTenant.send(unsigned, to: address) == 403)
        let stale = try tenant.post(messageID: "<stale-1@example.com>", text: "Hello", timestamp: Int(Date().timeIntervalSince1970) - 3 * 86_400)
        #expect(try await EmailTenant.send(stale, to: address) == 403)

        // The person's reply: answered once, through SendGrid, in the thread.
        let messageID = "<CAN_P_JMvV7ZpAQhOnDi@mail.example.com>"
        let reply = try tenant.post(
            messageID: messageID,
            text: "Hi Alex,\r\n\r\nTuesday 10:00 works. Is parking available?\r\n\r\nSam\r\n\r\nOn Mon, 24 Nov 2026 at 09:30, Example Homes wrote:\r\n> Hi Sam, is Tuesday 10:00 still good for the viewing?\r\n")
        #expect(try await EmailTenant.send(reply, to: address) == 200)
        let mail = try await poll(timeout: .seconds(40), "the e-mail reply") {
            let sent = await sendGrid.sentMail()
            return sent.isEmpty ? nil : sent
        }
        // SendGrid retries the same post (a 5xx on its side, a timeout): nothing new happens.
        #expect(try await EmailTenant.send(reply, to: address) == 200)
        // An out-of-office answer to our reply: recorded, never answered.
        let autoReply = try tenant.post(
            messageID: "<ooo-1@mail.example.com>", text: "I am away until Monday.", subject: "Automatic reply: Re: Your viewing on Tuesday",
            headers: ["Auto-Submitted: auto-replied"])
        #expect(try await EmailTenant.send(autoReply, to: address) == 200)
        _ = try await poll(timeout: .seconds(40), "the auto-reply to be recorded") {
            let record = try await Self.record(tenant, environment)
            return (record["messages"] as? [Any])?.count == 4 ? record : nil
        }
        try await Quiescence.wait(environment: environment, conversationId: tenant.conversationId) {
            await openAI.requests().count + sendGrid.requests().count
        }

        let sent = await sendGrid.sentMail()
        #expect(sent.count == 1, "one e-mail, whatever was retried: \(sent.map(\.subject))")
        #expect(await openAI.requests().count == 1)
        #expect(await openAI.requests().first?.newestUserTurn == "[Subject: Your viewing on Tuesday]\nHi Alex,\n\nTuesday 10:00 works. Is parking available?\n\nSam")
        let first = try #require(mail.first)
        #expect(first.to == [tenant.person])
        #expect(first.from == tenant.company)
        #expect(first.fromName == "Example Homes")
        #expect(first.subject == "Re: Your viewing on Tuesday")
        #expect(first.headers["In-Reply-To"] == messageID)
        #expect(first.headers["References"] == "\(tenant.templateMessageID) \(messageID)")
        #expect(first.headers["Auto-Submitted"] == "auto-replied")
        #expect(first.customArgs["replies_batch_id"] == BatchId.of([messageID]))
        #expect(first.text?.isEmpty == false)
        #expect(first.html?.isEmpty == false)

        let record = try await Self.record(tenant, environment)
        let messages = try #require(record["messages"] as? [[String: Any]])
        try #require(messages.count == 4)
        #expect(messages[1]["message_id"] as? String == messageID)
        #expect(messages[1]["role"] as? String == "user")
        #expect(Set(messages[1].keys) == ["message_id", "timestamp", "role", "content"])
        #expect(messages[2]["message_id"] as? String == first.messageId)
        #expect(messages[2]["role"] as? String == "assistant")
        #expect(messages[2]["total_tokens"] is NSNumber)
        #expect(messages[3]["message_id"] as? String == "<ooo-1@mail.example.com>")
        #expect((messages[3]["content"] as? String)?.hasPrefix("[Automatic e-mail, recorded and not answered") == true)
        #expect(record["conversation_status"] as? String == "reply_sent")
        #expect(record["email_subject"] as? String == "Re: Your viewing on Tuesday", "an auto-reply's subject is not the conversation's")
        // Nothing of the refused posts reached the record.
        let ids = messages.compactMap { $0["message_id"] as? String }
        #expect(!ids.contains("<forged-1@example.com>") && !ids.contains("<unsigned-1@example.com>") && !ids.contains("<stale-1@example.com>"))

        engine.terminate()
        _ = try await engine.waitForExit()
        try await openAI.stop()
        try await sendGrid.stop()
    }

    static func record(_ tenant: EmailTenant, _ environment: [String: String]) async throws -> [String: Any] {
        let json = try await EngineProcess.run(["inspect", tenant.person, tenant.conversationId], environment: environment)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }
}

extension URL {
    /// Creates the directory (and its parents) and returns it.
    func creating() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
