import Foundation
import GRDB
import Logging
import TestFakes
import Testing

/// The real `serve` binary on the embedded backend under a few thousand hostile webhooks (a
/// hand-written corpus and a seeded random mix) and broken delay-queue rows written into its
/// database by another process. Every request gets its class's defined answer, the process
/// survives, and the store holds exactly the validly signed messages, each answered once.
@Suite(.serialized)
struct HostileInputEndToEndTests {
    let tenants = HostileTenants()
    static let seed: UInt64 = 0x5EED_F022
    static let randomCases = 2_500

    @Test("hostile webhooks and broken queue rows on the embedded backend: defined answers, no crash, no partial write")
    func hostileInputOnEmbedded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = tenants.good
        let fakes = try await TenantFakes.start(for: good)
        let twilio = fakes.twilio
        let data = directory.appendingPathComponent("data")
        let environment = fakes.environment.merging([
            "REPLIES_DATA_DIR": data.path, "BATCH_WINDOW_SECONDS": "1", "LOG_LEVEL": "info",
            // Hundreds of batches for one conversation: this suite is about input, not cost.
            "REPLY_BUDGET_CONVERSATION_PER_HOUR": "0", "REPLY_BUDGET_CONVERSATION_PER_DAY": "0", "MAX_FRAGMENTS_PER_BATCH": "500",
        ]) { _, new in new }
        _ = try await EngineProcess.run(["seed", "--lenient", try tenants.seedFile(in: directory)], environment: environment)
        let engine = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment)
        defer { engine.terminate() }
        let address = try await engine.listeningAddress()

        var corpus = HostileCorpus(tenants: tenants, seed: Self.seed)
        let fixed = corpus.fixed()
        var problems = try await HostileRun.fire(fixed, at: address, parallel: 4)
        // Garbage rows land while the corpus's valid messages are still waiting for their batch.
        let garbageIds = try await BrokenQueueRows.insert(into: data.appendingPathComponent("replies.sqlite").path, tenant: good)
        let random = (0..<Self.randomCases).map { _ in corpus.randomRequest() }
        problems += try await HostileRun.fire(random, at: address, parallel: 8)
        #expect(problems.isEmpty, "\(problems.count) wrong answers, first: \(problems.prefix(8).joined(separator: "\n"))")
        #expect(engine.process.isRunning, "serve died under hostile input: \(engine.standardError.suffix(2000))")

        try await HostileRun.expectValidMessagesAnsweredOnce(
            fixed + random, tenants: tenants, twilio: twilio, environment: environment, timeout: .seconds(45))
        #expect(await twilio.sentMessages().allSatisfy { $0.to == "whatsapp:" + good.user || $0.to == "whatsapp:" + tenants.wrongTypes.user })

        // Broken queue rows: each dead-lettered with a log line, none left in the queue.
        let (deadLettered, queued) = try await BrokenQueueRows.state(of: data.appendingPathComponent("replies.sqlite").path)
        #expect(garbageIds.isSubset(of: deadLettered), "not dead-lettered: \(garbageIds.subtracting(deadLettered))")
        #expect(garbageIds.isDisjoint(with: queued), "still queued: \(garbageIds.intersection(queued))")
        #expect(engine.process.isRunning)
        engine.terminate()
        #expect(try await engine.waitForExit() == 0)
        let logs = engine.standardError
        #expect(logs.contains("malformed trigger; moving it to the dead-letter queue"))
        #expect(logs.contains("webhook signature rejected") && logs.contains("malformed webhook"))
        #expect(!logs.contains("Fatal error"))
        for secret in [good.authToken, tenants.otherToken, good.openAIKey, good.user] {
            #expect(!logs.contains(secret), "the log contains '\(secret)'")
        }
        try await fakes.stop()
    }
}

/// Rows another process could leave in the embedded delay queue: not JSON, the wrong shape, an
/// unknown conversation, a real conversation_id with the wrong number, an unknown channel, and
/// columns of the wrong type.
enum BrokenQueueRows {
    /// A connection of "another process": waits for the engine's write lock like `inspect` would.
    static func connect(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    static func insert(into path: String, tenant: SampleTenant) async throws -> Set<String> {
        let connection = try connect(path)
        let now = Int(Date().timeIntervalSince1970 * 1000)
        let rows: [(String, DatabaseValue, DatabaseValue)] = [
            ("garbage-not-json", "whatsapp".databaseValue, "not json {".databaseValue),
            ("garbage-wrong-shape", "whatsapp".databaseValue, #"{"conversation_id": 5, "primary_channel": null}"#.databaseValue),
            ("garbage-unknown", "whatsapp".databaseValue, #"{"conversation_id":"ghost","primary_channel":"+447700900123"}"#.databaseValue),
            ("garbage-wrong-number", "whatsapp".databaseValue,
             #"{"conversation_id":"\#(tenant.conversationId)","primary_channel":"+447700900999"}"#.databaseValue),
            ("garbage-channel", "pigeon".databaseValue, "{}".databaseValue),
            ("garbage-blob-body", "whatsapp".databaseValue, Data([0xDE, 0xAD, 0xBE, 0xEF]).databaseValue),
            ("garbage-blob-channel", Data([0x00, 0x01]).databaseValue, "{}".databaseValue),
        ]
        try await connection.write { db in
            for (id, channel, body) in rows {
                try db.execute(
                    sql: "INSERT INTO triggers (id, channel, body, enqueued_at_ms, visible_at_ms) VALUES (?, ?, ?, ?, ?)",
                    arguments: [id, channel, body, now, now])
            }
        }
        try connection.close()
        return Set(rows.map(\.0))
    }

    /// Dead-lettered ids, and the ids still queued.
    static func state(of path: String) async throws -> (Set<String>, Set<String>) {
        let connection = try connect(path)
        let (dead, queued) = try await connection.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM dead_letters"), try String.fetchAll(db, sql: "SELECT id FROM triggers"))
        }
        try connection.close()
        return (Set(dead), Set(queued))
    }
}
