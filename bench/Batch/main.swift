import EmbeddedBackend
import Foundation
import InMemoryBackend
import Logging
import RepliesCore

// The batch path (flow 2) with a zero-latency model and sender: how many conversations the
// engine answers per second, and how long one batch spends in the engine itself (lease, reads,
// prompt, pending reply, final write, fragment clean-up), model and sender time excluded.
// One JSON line per backend on standard output; logs (info, as `serve`) on standard error.
//
//   bench-batch --conversations 1000 --fragments 3 --concurrency 4 --dir /tmp/bench-batch

struct BatchOptions: Sendable {
    var conversations = 1000
    var fragmentsPerBatch = 3
    var concurrency = 4
    var directory = NSTemporaryDirectory() + "bench-batch-\(getpid())"

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--conversations": conversations = Int(value) ?? conversations
            case "--fragments": fragmentsPerBatch = Int(value) ?? fragmentsPerBatch
            case "--concurrency": concurrency = Int(value) ?? concurrency
            case "--dir": directory = value
            default:
                FileHandle.standardError.write(Data("bench-batch: unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}
let options = BatchOptions(CommandLine.arguments)

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .info
    return handler
}
let logger = Logger(label: "bench-batch")

/// Seeds `2 × conversations` records with their staged bursts, answers the first half one at a
/// time (per-batch engine time) and the second half `concurrency` at a time (throughput).
func measure(
    name: String, ports: EnginePorts, time: FakeTime, options: BatchOptions, logger: Logger,
    commits: (@Sendable () -> (all: Int, synced: Int))? = nil
) async throws -> String {
    let conversations = options.conversations, fragmentsPerBatch = options.fragmentsPerBatch, concurrency = options.concurrency
    let total = 2 * conversations
    let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    for index in 0..<total {
        try await ports.conversations.put(BenchRecords.record(index))
        for fragment in BenchRecords.fragments(index, count: fragmentsPerBatch, at: start) {
            _ = try await ports.stage.stage(fragment)
        }
    }
    // Budgets still counted (their cost is part of the path), high enough never to refuse.
    var settings = EngineSettings()
    settings.budgets.conversationPerHour = 1_000_000
    settings.budgets.conversationPerDay = 1_000_000
    let processor = BatchProcessor(ports: ports, settings: settings, logger: logger)
    var engine: [Double] = []
    var failed = 0
    let commitsBefore = commits?()
    let cpuBefore = processCPUSeconds()
    for index in 0..<conversations {
        let before = time.value
        let started = ContinuousClock.now
        let outcome = await processor.process(Trigger(BenchRecords.key(index)), channel: .whatsapp, attempt: 1)
        let wall = ContinuousClock.now - started
        if case .done = outcome {} else { failed += 1 }
        engine.append(milliseconds(wall - (time.value - before)))
    }
    let sequentialSeconds = engine.reduce(0, +) / 1000
    // CPU of the whole process (every thread) per batch run alone: what is not waiting for the disk.
    let cpuPerBatch = (processCPUSeconds() - cpuBefore) * 1000 / Double(conversations)
    // Commits of the batches run one at a time (nothing else writes meanwhile), per batch.
    var commitFields = ""
    if let commitsBefore, let commitsAfter = commits?() {
        let perBatch = Double(commitsAfter.all - commitsBefore.all) / Double(conversations)
        let syncedPerBatch = Double(commitsAfter.synced - commitsBefore.synced) / Double(conversations)
        commitFields = ",\"commits_per_batch\":\(format(perBatch)),\"synced_commits_per_batch\":\(format(syncedPerBatch))"
    }

    let next = Counter(conversations)
    let started = ContinuousClock.now
    let concurrentFailures = await withTaskGroup(of: Int.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                var failures = 0
                while let index = await next.take(below: total) {
                    let outcome = await processor.process(Trigger(BenchRecords.key(index)), channel: .whatsapp, attempt: 1)
                    if case .done = outcome {} else { failures += 1 }
                }
                return failures
            }
        }
        return await group.reduce(0, +)
    }
    let concurrentSeconds = (ContinuousClock.now - started).timeInterval

    // Proof the batches did the whole job: a sample record holds the answered user and assistant turns.
    let sample = try await ports.conversations.conversation(BenchRecords.key(total - 1))
    let sampleTurns = sample?.record.list("messages")?.count ?? 0
    engine.sort()
    return """
        {"backend":"\(name)","conversations":\(conversations),"fragments_per_batch":\(fragmentsPerBatch),\
        "engine_ms_p50":\(format(percentile(engine, 50))),"engine_ms_p99":\(format(percentile(engine, 99))),\
        "engine_ms_max":\(format(engine.last ?? 0)),"cpu_ms_per_batch":\(format(cpuPerBatch)),"sequential_per_s":\(format(Double(conversations) / sequentialSeconds)),\
        "concurrency":\(concurrency),"concurrent_per_s":\(format(Double(conversations) / concurrentSeconds)),\
        "failed":\(failed + concurrentFailures),"sample_messages":\(sampleTurns)\(commitFields)}
        """
}

func milliseconds(_ duration: Duration) -> Double { duration.timeInterval * 1000 }
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
func format(_ value: Double) -> String { String(format: "%.3f", value) }
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// Hands out indices to the concurrent workers.
actor Counter {
    private var value: Int
    init(_ start: Int) { value = start }
    func take(below limit: Int) -> Int? {
        guard value < limit else { return nil }
        defer { value += 1 }
        return value
    }
}

do {
    // Embedded: the SQLite file `serve` uses, WAL with synchronous=FULL (every commit reaches the disk).
    try? FileManager.default.removeItem(atPath: options.directory)
    let embeddedTime = FakeTime()
    let backend = try await EmbeddedBackend.open(directory: options.directory, logger: logger)
    try backend.secretsWriter.write(BenchRecords.secrets)
    var embeddedPorts = EnginePorts(
        conversations: backend.conversations, archive: backend.archive, stage: backend.stage, locks: backend.locks, queue: backend.queue,
        secrets: backend.secrets, model: InstantReplyModel(time: embeddedTime), sender: InstantSender(time: embeddedTime),
        handoff: backend.handoff, verifier: AcceptingVerifier(), budgets: backend.budgets, companies: backend.companies)
    embeddedPorts.batchCommits = backend.batchCommits
    print(try await measure(
        name: "embedded", ports: embeddedPorts, time: embeddedTime, options: options, logger: logger,
        commits: { backend.commitCounts }))
    try await backend.close()
    try? FileManager.default.removeItem(atPath: options.directory)

    // In memory: the reference ports, i.e. the engine's own cost without storage.
    let memoryTime = FakeTime()
    let memoryPorts = EnginePorts(
        conversations: InMemoryConversationStore(), archive: InMemoryTurnArchive(), stage: InMemoryFragmentStage(), locks: InMemoryTriggerLocks(),
        queue: InMemoryTriggerQueue(clock: SystemClock()), secrets: InMemorySecrets(BenchRecords.secrets),
        model: InstantReplyModel(time: memoryTime), sender: InstantSender(time: memoryTime),
        handoff: RecordingHandoffNotifier(), verifier: AcceptingVerifier(), budgets: InMemoryReplyBudgets())
    print(try await measure(name: "in-memory", ports: memoryPorts, time: memoryTime, options: options, logger: logger))
} catch {
    FileHandle.standardError.write(Data("bench-batch: \(error)\n".utf8))
    exit(1)
}
