import AWSBackend
import EmbeddedBackend
import Foundation
import Logging
import RepliesCore
import TestFakes
import Twilio
import Testing
import AWSCore
import RepliesConfiguration

/// The backend a fault test runs the real binary on.
enum EngineBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case embedded, aws
    var testDescription: String { rawValue }
}

/// One seeded tenant on one backend, with FakeOpenAI and FakeTwilio that outlive any number of
/// `serve` processes (crash, restart), and read-only views of what the engine left behind:
/// the record (through the binary's `inspect`), staged fragments and handoff notices (through
/// the backend's own adapters, in this process).
///
/// ```swift
/// let harness = try await FaultHarness.start(.embedded)
/// let engine = try await harness.serve()
/// try await harness.postBurst(["a", "b"], to: engine.address)
/// try await harness.stop()
/// ```
struct FaultHarness {
    let tenant = SampleTenant()
    let backend: EngineBackend
    var environment: [String: String]
    let openAI: FakeOpenAI
    let twilio: FakeTwilio
    let directory: URL

    /// Short windows so a test takes seconds: a 5 s batch window (the burst must fit in it while the
    /// whole suite loads two cores), triggers hidden 2 s after a
    /// receive (a dead worker's trigger returns quickly), the shortest allowed reply lease (30 s).
    static func start(_ backend: EngineBackend, settings: [String: String] = [:]) async throws -> FaultHarness {
        let tenant = SampleTenant()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment: [String: String]
        switch backend {
        case .embedded:
            environment = ["REPLIES_DATA_DIR": directory.appendingPathComponent("data").path]
            _ = try await EngineProcess.run(["seed", try tenant.seedFile(in: directory)], environment: environment)
        case .aws:
            environment = try await AWSStack.provisionAndSeed(tenant)
        }
        let fakes = try await TenantFakes.start(for: tenant)
        environment.merge(fakes.environment) { _, new in new }
        environment.merge([
            "BATCH_WINDOW_SECONDS": "5",
            "QUEUE_VISIBILITY_TIMEOUT_SECONDS": "2",
            "REPLY_LEASE_SECONDS": "30",
            "LOG_LEVEL": "info",
        ]) { _, new in new }
        environment.merge(settings) { _, new in new }
        return FaultHarness(backend: backend, environment: environment, openAI: fakes.openAI, twilio: fakes.twilio, directory: directory)
    }

    /// A running `serve` and the address it listens on.
    struct Serving {
        let process: EngineProcess
        let address: String
    }

    func serve(extra: [String: String] = [:]) async throws -> Serving {
        let process = try EngineProcess(arguments: ["serve", "--port", "0"], environment: environment.merging(extra) { _, new in new })
        do {
            return Serving(process: process, address: try await process.listeningAddress())
        } catch {
            process.kill9()
            throw error
        }
    }

    /// Posts each body as a signed webhook (fresh SIDs, in order) and returns the SIDs.
    @discardableResult
    func postBurst(_ bodies: [String], to address: String) async throws -> [String] {
        var sids: [String] = []
        for body in bodies {
            let sid = SimulatedWebhook.randomSid(prefix: "SM")
            let answer = try await postSigned(body, sid: sid, tenant: tenant, to: address)
            #expect(answer.status == 200, "webhook answered \(answer.status): \(answer.body)")
            sids.append(sid)
        }
        return sids
    }

    /// The conversation record as `inspect` prints it.
    func record() async throws -> [String: Any] {
        let json = try await EngineProcess.run(["inspect", tenant.user, tenant.conversationId], environment: environment)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    /// Polls the record (every 250 ms: each look runs the binary) until `done` accepts it.
    func waitForRecord(timeout: Duration, _ what: String, _ done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            let record = try await record()
            if done(record) { return record }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw EngineTestError.timedOut(what)
    }

    /// Fragments still waiting for a batch; read in this process through the backend's adapter.
    func pendingFragments() async throws -> [Fragment] {
        switch backend {
        case .embedded:
            return try await withEmbedded { try await $0.stage.pendingFragments(conversationId: tenant.conversationId) }
        case .aws:
            let aws = try AWSBackendPorts(environment: environment, logger: Self.quiet)
            return try await aws.stage.pendingFragments(conversationId: tenant.conversationId)
        }
    }

    /// Notices sent to the handoff queue (embedded: its table; AWS: received off the queue).
    func handoffNotices() async throws -> [HandoffNotice] {
        switch backend {
        case .embedded:
            return try await withEmbedded { try await $0.handoff.notices() }
        case .aws:
            let aws = try AWSBackendPorts(environment: environment, logger: Self.quiet)
            let url = try #require(environment["HANDOFF_QUEUE_URL"])
            let messages = try await aws.sqs.receiveMessages(queueURL: url, max: 10, waitSeconds: 1, visibilityTimeout: 30)
            return try messages.map { try JSONDecoder().decode(HandoffNotice.self, from: Data($0.body.utf8)) }
        }
    }

    /// Opens the data directory in this process (the engine may be running: SQLite in WAL mode
    /// allows it) and closes it again.
    private func withEmbedded<T>(_ body: (EmbeddedBackend) async throws -> T) async throws -> T {
        let store = try await EmbeddedBackend.open(
            directory: try #require(environment["REPLIES_DATA_DIR"]), logger: Self.quiet)
        do {
            let value = try await body(store)
            try await store.close()
            return value
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Waits until no trigger is queued, nothing is staged and the fakes see no new request: a
    /// redelivered trigger or a late batch can no longer act (``Quiescence``).
    func waitForQuiescence(timeout: Duration = .seconds(30)) async throws {
        try await Quiescence.wait(environment: environment, conversationId: tenant.conversationId, timeout: timeout) {
            await openAI.requests().count + twilio.requests().count
        }
    }

    /// POSTs to the Messages API: each one is a send attempt, refused or not.
    func sendAttempts() async -> Int { await twilio.requests().filter { $0.method == "POST" }.count }

    func stop() async {
        try? await openAI.stop()
        try? await twilio.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    static let quiet: Logger = {
        var logger = Logger(label: "fault-harness")
        logger.logLevel = .critical
        return logger
    }()
}
