@testable import EmbeddedBackend
import Foundation
import InMemoryBackend
import Logging
import RepliesCore

/// A fresh data directory under the system temp directory, removed by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("replies-embedded-\(UUID().uuidString)").path
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

enum Support {
    static let quiet = Logger(label: "test.embedded") { _ in SwiftLogNoOpLogHandler() }

    static func open(_ directory: TemporaryDirectory, clock: ManualClock, logger: Logger = quiet) async throws -> EmbeddedBackend {
        try await EmbeddedBackend.open(directory: directory.path, clock: clock, timer: clock.sleeping, logger: logger)
    }

    /// Runs `body` on a backend in a fresh directory, then closes it and removes the directory.
    static func withBackend(
        clock: ManualClock = ManualClock(), _ body: (EmbeddedBackend, ManualClock) async throws -> Void
    ) async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let backend = try await open(directory, clock: clock)
        do {
            try await body(backend, clock)
        } catch {
            try? await backend.close()
            throw error
        }
        try await backend.close()
    }

    /// The result of a background receiver. A watchdog cancels it if it has not finished within
    /// `limit` of real time, so a broken wake-up fails the test instead of hanging it; on success
    /// the watchdog is cancelled at once and no real time passes.
    static func value<T: Sendable>(of task: Task<T, any Error>, within limit: Duration = .seconds(10)) async throws -> T {
        let watchdog = Task {
            try await Task.sleep(for: limit)
            task.cancel()
        }
        defer { watchdog.cancel() }
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    /// Waits until `condition` holds, checking every millisecond; fails after `limit` of real time.
    static func waitUntil(within limit: Duration = .seconds(10), _ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline else { throw WaitTimedOut() }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    struct WaitTimedOut: Error {}

    static let userNumber = "+447700900123"
    static let conversationId = "ci-aaa-001#pi-aaa-001#req-1#447700900456"

    static var key: ConversationKey { ConversationKey(primaryChannel: userNumber, conversationId: conversationId) }

    static func record(status: String = "initial_message_sent") -> Record {
        [
            "primary_channel": .string(userNumber),
            "conversation_id": .string(conversationId),
            "company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"),
            "channel_method": .string("whatsapp"),
            "conversation_status": .string(status),
            "task_complete": .number("0"),
            "thread_id": .null,
            "messages": .list([]),
            "gsi_recipient_tel": .string(userNumber),
            "gsi_company_whatsapp_number": .string("+447700900456"),
        ]
    }

    static func fragment(_ sid: String, at date: Date, body: String = "hello") -> Fragment {
        Fragment(conversationId: conversationId, messageSid: sid, primaryChannel: userNumber, channel: .whatsapp, body: body, receivedAt: date)
    }

    static var trigger: Trigger { Trigger(key) }
}

/// Keeps every log message, to check what reaches the logs.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var text: String { lock.withLock { lines.joined(separator: "\n") } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var logger: Logger {
        Logger(label: "test.capture") { _ in CapturingHandler(capture: self) }
    }
}

struct CapturingHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        capture.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
    }
}
