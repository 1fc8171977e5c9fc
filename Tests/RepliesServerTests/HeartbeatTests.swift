import EmbeddedBackend
import Foundation
import InMemoryBackend
import Logging
import RepliesCore
import RepliesServer
import ServiceLifecycle
import Synchronization
import Testing

/// `serve`'s worker service on the embedded delay queue, driven by the test clock: while a
/// slow batch runs, the heartbeat keeps extending the trigger's visibility, so no other worker
/// receives it; when the batch ends the trigger is completed. No real time passes.
@Suite("serve's worker heartbeat")
struct HeartbeatTests {
    static let quiet = Logger(label: "test.heartbeat") { _ in SwiftLogNoOpLogHandler() }

    @Test(.timeLimit(.minutes(1)))
    func visibilityIsExtendedWhileASlowBatchRuns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-heartbeat-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = ManualClock()
        let backend = try await EmbeddedBackend.open(directory: directory, clock: clock, timer: clock.sleeping, logger: Self.quiet)
        let queue = backend.queue
        try await queue.enqueue(Trigger(conversationId: "c1", primaryChannel: "+447700900123"), channel: .whatsapp, delay: .zero)

        let started = Mutex(false)
        let release = AsyncStream<Void>.makeStream()
        let visibility = Duration.seconds(30)
        let worker = TriggerWorker(
            source: queue, concurrency: 1, visibility: visibility, pollWait: .seconds(20), timer: clock.sleeping, logger: Self.quiet
        ) { _, _, _ in
            started.withLock { $0 = true }
            for await _ in release.stream { break }
            return .done("answered")
        }
        let group = ServiceGroup(services: [TriggerWorkerService(worker: worker)], logger: Self.quiet)
        let running = Task { try await group.run() }

        await waitUntil { started.withLock { $0 } }
        // Three beats, one every third of the visibility: the trigger is then past its first
        // visibility timeout, and still hidden.
        for _ in 0..<3 {
            await clock.waitForSleeper(visibility / 3)
            clock.advance(by: visibility / 3)
        }
        await clock.waitForSleeper(visibility / 3)
        #expect(try await queue.receive(max: 1, wait: .zero, visibility: visibility).isEmpty, "the heartbeat kept it hidden")
        clock.advance(by: visibility * 2)
        await clock.waitForSleeper(visibility / 3)
        #expect(try await queue.receive(max: 1, wait: .zero, visibility: visibility).isEmpty, "still hidden: the heartbeat goes on")

        release.continuation.yield()
        await waitUntil { (try? await queue.count()) == 0 }
        await group.triggerGracefulShutdown()
        try await running.value
        try await backend.close()
    }
}

/// Polls `condition` until it holds; fails after 10 s of real time, which only a broken worker needs.
func waitUntil(_ condition: @Sendable () async -> Bool) async {
    let start = ContinuousClock.now
    while !(await condition()), ContinuousClock.now - start < .seconds(10) {
        await Task.yield()
    }
    #expect(await condition())
}
