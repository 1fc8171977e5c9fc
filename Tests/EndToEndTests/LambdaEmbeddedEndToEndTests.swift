import Foundation
import GRDB
import RepliesCore
import TestFakes
import Testing
import Twilio

/// The real `bootstrap` on the embedded backend, as the cold-start benchmark runs it: its reads
/// on the writer's connection (one invocation at a time) and a `200` that is on disk — a process
/// killed with `kill -9` right after answering loses nothing, and the next cold start on the same
/// file (recovering the WAL the killed one left) goes on from there.
@Suite struct LambdaEmbeddedEndToEndTests {
    let tenant = SampleTenant()

    @Test("webhook function on the embedded backend: seed leaves no WAL, the 200 survives kill -9")
    func answeredWebhookSurvivesKill9() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-lambda-embedded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        let environment = [
            "REPLIES_DATA_DIR": data, "PUBLIC_BASE_URL": tenant.publicBaseURL, "DEBUG_OUTCOME_HEADER": "true",
            "REPLIES_MODEL": "offline", "REPLIES_SENDER": "console", "LOG_LEVEL": "error",
        ]
        _ = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: environment)
        // A clean close checkpointed the WAL into the database and removed it.
        #expect(!FileManager.default.fileExists(atPath: data + "/replies.sqlite-wal"))

        let first = try event("Still on for Tuesday?")
        #expect(try await outcome(of: first.event, environment: environment, requestId: "first") == "accepted")
        // Killed right after its answer: the message and its trigger are in the file.
        #expect(try Self.count(data, "SELECT count(*) FROM fragments WHERE message_sid = ? AND state = 'pending'", first.sid) == 1)
        #expect(try Self.count(data, "SELECT count(*) FROM triggers") == 1)
        #expect(FileManager.default.fileExists(atPath: data + "/replies.sqlite-wal"))

        // The next cold start on the same file.
        let second = try event("And can I bring a friend?")
        #expect(try await outcome(of: second.event, environment: environment, requestId: "second") == "accepted")
        #expect(try Self.count(data, "SELECT count(*) FROM fragments WHERE state = 'pending'") == 2)
    }

    private func event(_ body: String) throws -> (event: Data, sid: String) {
        var hook = SimulatedWebhook(channel: .whatsapp, from: tenant.user, to: tenant.company, body: body, accountSid: tenant.accountSid)
        hook.messageSid = SimulatedWebhook.randomSid(prefix: "SM")
        return (try LambdaInvocations.apiGatewayV1(hook.signed(url: tenant.publicBaseURL + "/whatsapp", authToken: tenant.authToken)), hook.messageSid)
    }

    /// A count read from the data directory's file by a read-only connection of the test's own
    /// (which, closing, leaves the WAL where the killed process left it).
    private static func count(_ data: String, _ sql: String, _ argument: String? = nil) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: data + "/replies.sqlite", configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { database in
            try Int.fetchOne(database, sql: sql, arguments: StatementArguments(argument.map { [$0] } ?? [])) ?? -1
        }
    }

    /// Starts a `bootstrap`, hands it `event`, reads the engine's outcome header from its answer
    /// and kills it with SIGKILL at once (no clean close).
    private func outcome(of event: Data, environment: [String: String], requestId: String) async throws -> String? {
        let emulator = try await RuntimeAPIEmulator.start()
        await emulator.enqueue(requestId: requestId, event: event)
        let bootstrap = try EngineProcess(arguments: [], environment: environment.merging(emulator.environment(handler: "webhook")) { $1 })
        defer { bootstrap.kill9() }
        let answer = try LambdaInvocations.json(await LambdaInvocations.outcome(emulator, requestId, from: bootstrap))
        bootstrap.kill9()
        await emulator.stop()
        #expect(answer["statusCode"] as? Int == 200)
        let headers = answer["headers"] as? [String: String] ?? [:]
        return headers.first { $0.key.lowercased() == "x-replies-outcome" }?.value
    }
}
