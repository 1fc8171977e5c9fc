@testable import EmbeddedBackend
import Foundation
import RepliesCore
import Testing

/// The embedded seed writer is one transaction: a failure anywhere writes nothing, secrets
/// included; and dead letters can be put back.
@Suite struct SeedWriterTests {
    @Test func aFailureAfterTheFirstWriteRollsEverythingBackAndKeepsTheSecretsFile() async throws {
        try await Support.withBackend { backend, _ in
            try backend.secretsWriter.write(["old": ["twilio_auth_token": "kept"]])
            // The company record has no project_id: its write fails after the conversation's.
            let data = SeedData(
                companies: [["company_id": .string("ci-aaa-001")]], conversations: [Support.record()],
                secrets: ["new": ["twilio_auth_token": "t"]])
            await #expect(throws: SeedWriteError.self) { try await backend.seedWriter.write(data, replacingHistory: false) }
            #expect(try await backend.conversations.conversation(Support.key) == nil)
            #expect(try await backend.secrets.secret(named: "old") == ["twilio_auth_token": "kept"])
            await #expect(throws: SecretError.notFound("new")) { try await backend.secrets.secret(named: "new") }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: backend.directory).filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func redriveMovesDeadLettersBackDueNowWithFreshAttempts() async throws {
        try await Support.withBackend { backend, _ in
            try await backend.queue.enqueue(Trigger(Support.key), channel: .sms, delay: .zero)
            let first = try #require(try await backend.queue.receive(max: 1, wait: .zero, visibility: .seconds(60)).first)
            try await backend.queue.deadLetter(first, reason: "test")
            #expect(try await backend.queue.redrive(ids: ["unknown"]) == 0)
            #expect(try await backend.queue.redrive(ids: nil) == 1)
            #expect(try await backend.queue.deadLetters().isEmpty)
            let again = try #require(try await backend.queue.receive(max: 1, wait: .zero, visibility: .seconds(60)).first)
            #expect(again.id == first.id && again.channel == .sms && again.receiveCount == 1 && again.body == first.body)
        }
    }
}
