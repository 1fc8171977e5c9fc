import Foundation
import InMemoryBackend
import LambdaRuntime
import Logging
import RepliesCore
import RepliesHTTP
import RepliesLambda
import TestFakes
import Testing

/// The application's handlers served by the generic loop, against a local Runtime API over HTTP.
@Suite(.serialized) struct HandlersThroughTheLoopTests {
    static func response(_ outcome: RuntimeAPIState.Outcome) throws -> Data {
        guard case .response(let body) = outcome else {
            Issue.record("expected a response, got \(outcome)")
            return Data()
        }
        return body
    }

    struct Boom: Error {}

    @Test func webhookEventsOfBothVersionsAreAnswered() async throws {
        let endpoint = RecordingEndpoint()
        try await RuntimeAPIEmulator.run { emulator in
            await emulator.enqueue(requestId: "v1", event: Events.v1(base64: true))
            await emulator.enqueue(requestId: "v2", event: Events.v2(rawPath: "/dev/sms"))
            await emulator.enqueue(requestId: "bad", event: Data("{\"nope\":1}".utf8))
            let handlers: LambdaHandlers = [
                "webhook": { _ in endpoint.handler },
                "worker": { _ in throw Boom() },
            ]
            try await LambdaLoop.run(
                environment: emulator.environment(handler: "webhook"), handlers: handlers, logger: .silent,
                options: .init(maxInvocations: 3))

            for (id, status) in [("v1", 200), ("v2", 200), ("bad", 400)] {
                let body = try Self.response(await emulator.outcome(for: id))
                #expect(try JSONDecoder().decode(APIGatewayProxyResponse.self, from: body).statusCode == status)
            }
        }
        #expect(endpoint.requests.map(\.path) == ["/whatsapp", "/sms"])
        #expect(endpoint.requests.allSatisfy { $0.body == Array(Events.form.utf8) })
    }

    @Test func workerAnswersWithAPartialBatchResponse() async throws {
        let engine = Engine()
        try await engine.addConversation("conv-empty")
        let lease: Record = [
            ConversationAttribute.leaseOwner: .string("another-worker"),
            ConversationAttribute.leaseExpiresAt: .number(String(Timestamp.epochMilliseconds(Date().addingTimeInterval(600)))),
        ]
        try await engine.addConversation("conv-busy", extra: lease)
        let deliveries = try await engine.deliver([Engine.trigger("conv-empty"), Engine.trigger("conv-busy"), "][", Engine.trigger("conv-gone")])
        let records = deliveries.map { Events.Record(messageId: $0.id, receipt: $0.receipt, body: $0.body) }
        try await RuntimeAPIEmulator.run { emulator in
            await emulator.enqueue(requestId: "batch", event: Events.sqs(records), deadline: Date().addingTimeInterval(300))
            try await LambdaLoop.run(
                environment: emulator.environment(handler: "worker"),
                handlers: ["worker": { _ in TriggerEventHandler(source: engine.queue, processor: engine.processor) }],
                logger: .silent, options: .init(maxInvocations: 1))
            let body = try Self.response(await emulator.outcome(for: "batch"))
            let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            let failures = try #require(json["batchItemFailures"] as? [[String: Any]])
            #expect(failures.count == 1)
            #expect(failures.first?["itemIdentifier"] as? String == deliveries[1].id)
        }
        #expect(await engine.queue.deadLetters.count == 2)
    }
}
