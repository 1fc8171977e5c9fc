import AWSBackend
import AWSCore
import EmbeddedBackend
import Foundation
import InMemoryBackend
import RepliesCore
import Testing

/// Every trigger queue the contract runs on: in memory, the embedded SQLite delay queue, SQS
/// on moto's server.
enum QueueBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory
    case sqlite
    case sqs

    var testDescription: String { rawValue }
}

/// One queue, fresh and empty: both sides of it, a way to let time pass, and its dead letters.
/// In memory and on SQLite time is the test clock's; on SQS it is real, so the SQS cases use
/// second-sized durations and wait for what they expect to see, not for a fixed time.
struct QueueFixture: Sendable {
    var queue: any TriggerQueue
    var source: any TriggerSource
    /// Lets `duration` pass (test clock: at once; SQS: real time).
    var pass: @Sendable (Duration) async throws -> Void
    /// Receives what becomes due within `duration`: the test clock moves there at once; SQS is
    /// polled until something arrives or the duration (plus moto's slack) is over.
    var receiveDue: @Sendable (_ within: Duration, _ visibility: Duration) async throws -> [TriggerDelivery]
    /// Bodies of the dead-lettered triggers, with their reasons where the backend keeps them.
    var deadLetters: @Sendable () async throws -> [String]
    var tearDown: @Sendable () async throws -> Void = {}
}

extension QueueBackend {
    func withFixture(_ body: (QueueFixture) async throws -> Void) async throws {
        try await withTearDown(try await makeFixture(), tearDown: { try await $0.tearDown() }, body)
    }

    private func makeFixture() async throws -> QueueFixture {
        switch self {
        case .inMemory:
            let clock = ManualClock()
            let queue = InMemoryTriggerQueue(clock: clock)
            return QueueFixture(
                queue: queue, source: queue, pass: { clock.advance(by: $0) },
                receiveDue: { within, visibility in
                    clock.advance(by: within)
                    return try await queue.receive(max: 10, wait: .zero, visibility: visibility)
                },
                deadLetters: { await queue.deadLetters.map(\.body) })
        case .sqlite:
            let clock = ManualClock()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replies-queue-\(UUID().uuidString)").path
            let backend = try await EmbeddedBackend.open(directory: directory, clock: clock, timer: clock.sleeping)
            let queue = backend.queue
            return QueueFixture(
                queue: queue, source: queue, pass: { clock.advance(by: $0) },
                receiveDue: { within, visibility in
                    clock.advance(by: within)
                    return try await queue.receive(max: 10, wait: .zero, visibility: visibility)
                },
                deadLetters: { try await queue.deadLetters().map(\.body) },
                tearDown: {
                    try await backend.close()
                    try FileManager.default.removeItem(atPath: directory)
                })
        case .sqs:
            return try await SQSQueueFixture.make()
        }
    }
}

/// A uniquely named channel queue with its dead-letter queue on moto.
enum SQSQueueFixture {
    static func make() async throws -> QueueFixture {
        let sqs = SQSClient(configuration: try MotoClient.configuration())
        let name = "contract-\(UUID().uuidString.prefix(8).lowercased())"
        let dlq = try await sqs.createQueue(name: name + "-dlq")
        let dlqArn = try await sqs.getQueueAttributes(queueURL: dlq, names: ["QueueArn"])["QueueArn"] ?? ""
        // A high receive count: redeliveries are counted by the tests, not redriven by SQS.
        let redrive = SQSRedrivePolicy(deadLetterTargetArn: dlqArn, maxReceiveCount: 50)
        let url = try await sqs.createQueue(name: name, attributes: ["VisibilityTimeout": "30", "RedrivePolicy": redrive.attributeValue])
        let queue = SQSTriggerQueue(sqs: sqs, queueURLs: [.whatsapp: url])
        let source = SQSTriggerSource(sqs: sqs, queueURLs: [.whatsapp: url])
        return QueueFixture(
            queue: queue, source: source,
            pass: { try await Task.sleep(for: $0) },
            receiveDue: { within, visibility in
                // Slack for moto, which serves every AWS test of the run at once.
                let deadline = ContinuousClock.now + within + .seconds(10)
                while ContinuousClock.now < deadline {
                    let found = try await source.receive(max: 10, wait: .zero, visibility: visibility)
                    if !found.isEmpty { return found }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return []
            },
            deadLetters: {
                try await sqs.receiveMessages(queueURL: dlq, max: 10, waitSeconds: 1, visibilityTimeout: 30).map(\.body)
            },
            tearDown: {
                try await sqs.deleteQueue(queueURL: url)
                try await sqs.deleteQueue(queueURL: dlq)
            })
    }
}
