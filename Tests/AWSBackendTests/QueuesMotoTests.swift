import AWSBackend
import AWSCore
import Foundation
import RepliesCore
import Testing

@Suite("Trigger queue, trigger source and handoff queue on moto")
struct QueuesMotoTests {
    let trigger = Trigger(conversationId: "ci-aaa-001#pi-aaa-001#r#447700900456", primaryChannel: "+447700900123")

    @Test("a trigger is sent with exactly the core's body and its delay, on its channel's queue")
    func enqueue() async throws {
        try await MotoBackend.with { backend in
            try await backend.ports.queue.enqueue(trigger, channel: .sms, delay: .milliseconds(1500))
            let whatsapp = try #require(backend.report.queueURLs[.whatsapp])
            let sms = try #require(backend.report.queueURLs[.sms])
            #expect(try await backend.sqs.receiveMessages(queueURL: sms, waitSeconds: 0).isEmpty, "delayed (1.5 s rounds up to 2 s)")
            let message = try #require(try await backend.sqs.receiveMessages(queueURL: sms, waitSeconds: 10).first)
            #expect(message.body == trigger.encodedBody())
            #expect(message.body == #"{"conversation_id":"ci-aaa-001#pi-aaa-001#r#447700900456","primary_channel":"+447700900123"}"#)
            #expect(try await backend.sqs.receiveMessages(queueURL: whatsapp, waitSeconds: 0).isEmpty)
        }
    }

    @Test("the source receives from every channel queue and settles deliveries")
    func source() async throws {
        try await MotoBackend.with { backend in
            let source = backend.ports.triggers
            try await backend.ports.queue.enqueue(trigger, channel: .whatsapp, delay: .zero)
            try await backend.ports.queue.enqueue(Trigger(conversationId: "sms-conversation", primaryChannel: "+15005550006"), channel: .sms, delay: .zero)

            var received: [TriggerDelivery] = []
            for _ in 0..<4 where received.count < 2 {
                received += try await source.receive(max: 1, wait: .seconds(2), visibility: .seconds(60))
            }
            #expect(Set(received.map(\.channel)) == [.whatsapp, .sms])
            #expect(received.allSatisfy { $0.receiveCount == 1 })
            let first = try #require(received.first { $0.channel == .whatsapp })
            #expect(Trigger(body: first.body) == trigger)

            // retry: visible again after the delay, with its receive count grown.
            try await source.retry(first, after: .zero)
            let again = try #require(try await source.receive(max: 1, wait: .seconds(5), visibility: .seconds(60)).first)
            #expect(again.id == first.id && again.receiveCount == 2)
            try await source.extend(again, by: .seconds(120))
            try await source.complete(again)
            let smsDelivery = try #require(received.first { $0.channel == .sms })
            try await source.complete(smsDelivery)
            #expect(try await source.receive(max: 10, wait: .seconds(1), visibility: .seconds(60)).isEmpty)
        }
    }

    @Test("dead-lettering moves the body, with its reason, to the queue's DLQ")
    func deadLetter() async throws {
        try await MotoBackend.with { backend in
            let source = backend.ports.triggers
            try await backend.sqs.sendMessage(queueURL: try #require(backend.report.queueURLs[.whatsapp]), body: "not a trigger")
            let delivery = try #require(try await source.receive(max: 1, wait: .seconds(5), visibility: .seconds(60)).first)
            try await source.deadLetter(delivery, reason: "not a trigger: expected {conversation_id, primary_channel}")
            let dlq = try #require(backend.report.deadLetterQueueURLs[.whatsapp])
            let dead = try #require(try await backend.sqs.receiveMessages(queueURL: dlq, waitSeconds: 5).first)
            #expect(dead.body == "not a trigger")
            #expect(dead.messageAttributes["dead_letter_reason"]?.stringValue == "not a trigger: expected {conversation_id, primary_channel}")
            #expect(try await source.receive(max: 10, wait: .seconds(1), visibility: .zero).isEmpty, "removed from the channel queue")
        }
    }

    @Test("handoff notices are sent as the core's JSON")
    func handoff() async throws {
        try await MotoBackend.with { backend in
            let conversation = try Conversation(record: ["primary_channel": .string("+447700900123"), "conversation_id": .string("c#p#r#1"), "company_id": .string("ci")])
            let notice = HandoffNotice(
                reason: .modelRequested, detail: "asked for a person", conversation: conversation, channel: .whatsapp,
                messageSids: ["SM1"], batchId: "b1", createdAt: Date(timeIntervalSince1970: 1_750_000_000))
            try await backend.ports.handoff.notify(notice)
            let message = try #require(try await backend.sqs.receiveMessages(queueURL: backend.report.handoffQueueURL, waitSeconds: 5).first)
            #expect(message.body == notice.jsonBody())
        }
    }
}
