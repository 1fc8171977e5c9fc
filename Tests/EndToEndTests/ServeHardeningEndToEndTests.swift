import Foundation
import Testing

/// `serve` facing slow, greedy or nosy neighbours (issue 13 point 12): slow clients are
/// disconnected, a flood past the concurrency bound is answered `503`, the data directory's
/// files are the engine user's only, and a shared secrets file stops the start.
@Suite struct ServeHardeningEndToEndTests {
    @Test("a client trickling its request is disconnected after SERVE_REQUEST_TIMEOUT_SECONDS; others are still answered")
    func slowClientsAreDisconnected() async throws {
        let harness = try await FaultHarness.start(.embedded, settings: ["SERVE_REQUEST_TIMEOUT_SECONDS": "1"])
        defer { Task { await harness.stop() } }
        let engine = try await harness.serve()
        defer { engine.process.kill9() }

        // Half a head (slowloris) and a whole head with half its body (slow POST).
        let halfHead = try RawConnection(engine.address)
        halfHead.send("POST /whatsapp HTTP/1.1\r\nHost: \(engine.address)\r\nX-Twilio-Signature: a")
        let halfBody = try RawConnection(engine.address)
        halfBody.send("POST /whatsapp HTTP/1.1\r\nHost: \(engine.address)\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nBody=hel")
        let opened = ContinuousClock.now
        let head = await halfHead.readUntilClosed(limit: .seconds(20))
        let body = await halfBody.readUntilClosed(limit: .seconds(20))
        #expect(head.closed && body.closed, "the server keeps slow connections open")
        #expect(ContinuousClock.now - opened >= .milliseconds(900), "closed before the timeout")
        #expect(!body.text.contains("200 OK"), "a half body was answered as a request: \(body.text)")

        #expect(try await RawConnection.get("/healthz", at: engine.address).status == 200)
        try await harness.postBurst(["Is the garden shared?"], to: engine.address)
        _ = try await harness.waitForRecord(timeout: .seconds(60), "the reply") { ($0["messages"] as? [Any])?.count == 3 }
    }

    @Test("past SERVE_MAX_CONCURRENT_REQUESTS a request is answered 503 with Retry-After at once; when one ends, the next is served")
    func saturationIsA503() async throws {
        let harness = try await FaultHarness.start(
            .embedded, settings: ["SERVE_MAX_CONCURRENT_REQUESTS": "1", "SERVE_REQUEST_TIMEOUT_SECONDS": "30"])
        defer { Task { await harness.stop() } }
        let engine = try await harness.serve()
        defer { engine.process.kill9() }

        // Holds the only place: its head is in, its body never completes.
        let holder = try RawConnection(engine.address)
        holder.send("POST /whatsapp HTTP/1.1\r\nHost: \(engine.address)\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nBody=")
        let busy = try await poll(timeout: .seconds(20), "a 503 while the place is held") {
            let answer = try await RawConnection.get("/healthz", at: engine.address)
            return answer.status == 503 ? answer.response : nil
        }
        #expect(busy.lowercased().contains("retry-after: 1"))

        holder.send(String(repeating: "x", count: 95))
        let held = await holder.readUntilClosed(limit: .seconds(5))
        #expect(held.text.hasPrefix("HTTP/1.1 "), "the held request is answered too")
        _ = try await poll(timeout: .seconds(20), "a 200 once the place is free") {
            try await RawConnection.get("/healthz", at: engine.address).status == 200 ? true : nil
        }
    }

    @Test("the data directory is 0700 and its files 0600; serve refuses a secrets file others can read, naming the chmod")
    func dataFilesArePrivate() async throws {
        let harness = try await FaultHarness.start(.embedded)
        defer { Task { await harness.stop() } }
        let directory = try #require(harness.environment["REPLIES_DATA_DIR"])
        let engine = try await harness.serve()
        defer { engine.process.kill9() }
        try await harness.postBurst(["Are pets allowed?"], to: engine.address)
        _ = try await harness.waitForRecord(timeout: .seconds(60), "the reply") { ($0["messages"] as? [Any])?.count == 3 }
        engine.process.terminate()
        _ = try await engine.process.waitForExit()

        #expect(Self.mode(directory) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.contains("replies.sqlite") && files.contains("secrets.json"))
        for file in files {
            let mode = Self.mode((directory as NSString).appendingPathComponent(file))
            #expect(mode.map { $0 & 0o077 == 0 } == true, "\(file) has mode \(String(mode ?? 0, radix: 8))")
        }

        let secrets = (directory as NSString).appendingPathComponent("secrets.json")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secrets)
        let refused = try EngineProcess(arguments: ["serve", "--port", "0"], environment: harness.environment)
        defer { refused.kill9() }
        #expect(try await refused.waitForExit() != 0)
        #expect(refused.standardError.contains("chmod 600 '\(secrets)'"), "\(refused.standardError)")

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secrets)
        let restarted = try await harness.serve()
        restarted.process.terminate()
        #expect(try await restarted.process.waitForExit() == 0)
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }
}
