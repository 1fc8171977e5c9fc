import Foundation
import InMemoryBackend
import LambdaRuntime
import RepliesCore
import RepliesLambda
import Testing

/// Broken SQS records in one `worker` invocation: each is dead-lettered and reported as a
/// success (it can never succeed, so redelivering it would only loop), and none of them keeps
/// the good trigger of the same batch from being answered.
@Suite struct HostileTriggerRecordTests {
    let engine = Engine()

    /// Bodies that are not triggers, or are triggers for a conversation that does not exist.
    static let garbage: [String] = [
        "", "not json at all", "{", "[]", "null", "42", #""a string""#,
        #"{"conversation_id": 5, "primary_channel": "+447700900123"}"#,
        #"{"conversation_id": "conv-good"}"#,
        #"{"conversation_id": "", "primary_channel": "+447700900123"}"#,
        #"{"conversation_id": "conv-ghost", "primary_channel": "+447700900123"}"#,
        // The right conversation_id with another user's number: not this conversation's trigger.
        #"{"conversation_id": "conv-good", "primary_channel": "+447700900999"}"#,
        String(repeating: "\u{0}\u{FFFD}é🙂", count: 20_000),
    ]

    func handler() -> TriggerEventHandler {
        TriggerEventHandler(source: engine.queue, processor: engine.processor, clock: engine.clock)
    }

    func run(_ bodies: [String]) async throws -> (failed: [String], ids: [String]) {
        let deliveries = try await engine.deliver(bodies)
        let records = deliveries.map { Events.Record(messageId: $0.id, receipt: $0.receipt, body: $0.body) }
        let output = try await handler().handle(Events.sqs(records), context: engine.context())
        return (try JSONDecoder().decode(SQSBatchResponse.self, from: output).failedMessageIds, deliveries.map(\.id))
    }

    @Test(arguments: 0..<garbage.count)
    func garbageRecordIsDeadLetteredNotRetried(index: Int) async throws {
        try await engine.addConversation("conv-good")
        try await engine.stageFragment("conv-good", sid: "SM00000000000000000000000000000021", body: "Still on for Friday?")
        let (failed, _) = try await run([Self.garbage[index]])

        #expect(failed.isEmpty, "a record that can never succeed must not be redelivered")
        #expect(await engine.queue.deadLetters.map(\.body) == [Self.garbage[index]])
        #expect(await engine.queue.pending.isEmpty)
        #expect(engine.sender.messages.isEmpty)
        // The real conversation's waiting message is untouched: its own trigger still answers it.
        let (afterGood, _) = try await run([Engine.trigger("conv-good")])
        #expect(afterGood.isEmpty)
        #expect(engine.sender.messages.map(\.body) == ["Thanks, noted."])
        #expect(await engine.stage.allOutcomes(conversationId: "conv-good") == ["SM00000000000000000000000000000021": .answered])
    }

    @Test func garbageMixedWithAGoodTriggerInOneBatch() async throws {
        try await engine.addConversation("conv-good")
        try await engine.stageFragment("conv-good", sid: "SM00000000000000000000000000000022", body: "Can we move it?")
        let bodies = Self.garbage.filter { !$0.contains("conv-good") } + [Engine.trigger("conv-good")]
        let (failed, ids) = try await run(bodies)

        #expect(failed.isEmpty)
        #expect(engine.sender.messages.count == 1)
        #expect(await engine.queue.deadLetters.count == bodies.count - 1)
        // Only the good record is left, for Lambda to delete on success.
        #expect(await engine.queue.pending.map(\.id) == [ids.last])
    }
}
