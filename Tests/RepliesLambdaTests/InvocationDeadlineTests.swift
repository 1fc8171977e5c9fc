import Foundation
import InMemoryBackend
import LambdaRuntime
import RepliesCore
import RepliesHTTP
import RepliesLambda
import Synchronization
import Testing

/// The invocation's remaining time is passed down as ``InvocationDeadline`` (issue 13 point 10):
/// what the adapters bound their attempts and retries by. A manual clock, no real time.
@Suite struct InvocationDeadlineTests {
    let engine = Engine()

    @Test func aWorkerBatchRunsUnderTheInvocationDeadlineLessTheMargin() async throws {
        let seen = Mutex<[Date?]>([])
        var settings = TriggerEventSettings()
        settings.deadlineMargin = .seconds(10)
        let handler = TriggerEventHandler(source: engine.queue, settings: settings, clock: engine.clock, timer: engine.clock.sleeping) { _, _, _ in
            seen.withLock { $0.append(InvocationDeadline.current) }
            return .done("recorded the deadline")
        }
        let deliveries = try await engine.deliver([Engine.trigger("conv-a")])
        let records = deliveries.map { Events.Record(messageId: $0.id, receipt: $0.receipt, body: $0.body, receiveCount: $0.receiveCount) }
        _ = try await handler.handle(Events.sqs(records), context: engine.context(deadlineIn: 100))
        #expect(seen.withLock { $0 } == [engine.clock.now().addingTimeInterval(90)])
        #expect(InvocationDeadline.current == nil, "the deadline belongs to the invocation only")
    }

    @Test(arguments: [(100.0, 14.0), (8.0, 7.0)])
    func aWebhookRunsUnderTwilioWaitOrTheDeadlineLessTheAnswerMargin(deadlineIn: Double, expectedIn: Double) async throws {
        let seen = Mutex<[Date?]>([])
        var router = HTTPRouter()
        router.add(.post, "/whatsapp") { _ in
            seen.withLock { $0.append(InvocationDeadline.current) }
            return HTTPResponse(status: 200, contentType: "text/xml", body: "<Response></Response>")
        }
        let handler = HTTPEventHandler(router: router, clock: engine.clock)
        _ = try await handler.handle(Events.v1(), context: engine.context(deadlineIn: deadlineIn))
        #expect(seen.withLock { $0 } == [engine.clock.now().addingTimeInterval(expectedIn)])
    }
}
