import AWSBackend
import AWSCore
import EmbeddedBackend
import Foundation
import Logging
import RepliesConfiguration
import RepliesCore
import Testing

/// "Nothing else will happen" as an observable state instead of a fixed sleep: no trigger left
/// in the queue (visible, hidden or delayed: one that could still come back), no staged fragment
/// waiting for a batch, and the fakes' request counts unchanged across two such looks. Reached,
/// no redelivery or late batch can still call the model or send. The default timeout outlasts a
/// 30 s reply lease: a trigger that found the lease held comes back only when it ends.
///
/// ```swift
/// try await Quiescence.wait(environment: environment, conversationId: tenant.conversationId) {
///     await openAI.requests().count + twilio.requests().count
/// }
/// ```
enum Quiescence {
    static func wait(
        environment: [String: String], conversationId: String, timeout: Duration = .seconds(75),
        requestCount: () async -> Int
    ) async throws {
        var previous: Int?
        var busy = "nothing looked at yet"
        // One set of clients for all looks: moto serves every engine under test at once.
        let aws = environment["REPLIES_BACKEND"] == "aws" ? try AWSBackendPorts(environment: environment, logger: quiet) : nil
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            busy = try await activity(aws: aws, environment: environment, conversationId: conversationId)
            if busy.isEmpty {
                let count = await requestCount()
                if previous == count { return }
                previous = count
                busy = "the fakes still receive requests"
            } else {
                previous = nil
            }
            // Each look reads the backend beside the running engine: look gently.
            try await Task.sleep(for: .milliseconds(500))
        }
        throw EngineTestError.timedOut("the engine to go quiet (queue empty, nothing staged, no new requests); last look: \(busy)")
    }

    /// One look at the queue and the stage, through the backend's own adapters: what is still
    /// going on, empty when nothing is.
    static func activity(aws: AWSBackendPorts?, environment: [String: String], conversationId: String) async throws -> String {
        if let aws {
            var busy: [String] = []
            let pending = try await aws.stage.pendingFragments(conversationId: conversationId).count
            if pending > 0 { busy.append("\(pending) staged fragments") }
            for (channel, url) in aws.configuration.queueURLs {
                let names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"]
                let attributes = try await aws.sqs.getQueueAttributes(queueURL: url, names: names)
                let counts = names.map { attributes[$0].flatMap { Int($0) } ?? 0 }
                if counts.contains(where: { $0 > 0 }) { busy.append("\(channel) queue visible/hidden/delayed \(counts)") }
            }
            return busy.joined(separator: ", ")
        }
        let directory = try #require(environment["REPLIES_DATA_DIR"])
        let backend = try await EmbeddedBackend.open(directory: directory, logger: quiet)
        do {
            let queued = try await backend.queue.count()
            let pending = try await backend.stage.pendingFragments(conversationId: conversationId).count
            try await backend.close()
            return [queued > 0 ? "\(queued) queued triggers" : nil, pending > 0 ? "\(pending) staged fragments" : nil]
                .compactMap { $0 }.joined(separator: ", ")
        } catch {
            try? await backend.close()
            throw error
        }
    }

    static let quiet: Logger = {
        var logger = Logger(label: "quiescence")
        logger.logLevel = .critical
        return logger
    }()
}
