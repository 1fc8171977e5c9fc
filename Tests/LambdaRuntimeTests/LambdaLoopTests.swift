import Foundation
import LambdaRuntime
import Logging
import TestFakes
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The loop against a local Runtime API over HTTP. Serialized: `_X_AMZN_TRACE_ID` is process-wide.
@Suite(.serialized) struct LambdaLoopTests {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "the handler broke on purpose" }
    }

    static func errorReport(_ outcome: RuntimeAPIState.Outcome) throws -> (String?, [String: Any]) {
        guard case .error(let type, let body) = outcome else {
            Issue.record("expected an error, got \(outcome)")
            return (nil, [:])
        }
        return (type, try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any]))
    }

    static func response(_ outcome: RuntimeAPIState.Outcome) throws -> Data {
        guard case .response(let body) = outcome else {
            Issue.record("expected a response, got \(outcome)")
            return Data()
        }
        return body
    }

    @Test func aHandlerErrorIsReportedAndTheLoopGoesOn() async throws {
        try await RuntimeAPIEmulator.run { emulator in
            await emulator.enqueue(requestId: "first", event: Data(#"{"fail":true}"#.utf8))
            await emulator.enqueue(requestId: "second", event: Data(#"{"fail":false}"#.utf8))
            let handler = ClosureLambdaHandler { event, _ in
                if String(decoding: event, as: UTF8.self).contains("true") { throw Boom() }
                return Data(#"{"ok":true}"#.utf8)
            }
            try await LambdaLoop.run(environment: emulator.environment(), handler: handler, logger: .silent, options: .init(maxInvocations: 2))

            let (type, report) = try Self.errorReport(await emulator.outcome(for: "first"))
            #expect(type == "Boom")
            #expect(report["errorType"] as? String == "Boom")
            #expect(report["errorMessage"] as? String == "the handler broke on purpose")
            #expect((report["stackTrace"] as? [Any])?.isEmpty == true)
            #expect(try Self.response(await emulator.outcome(for: "second")) == Data(#"{"ok":true}"#.utf8))
        }
    }

    @Test func aResponseTheRuntimeAPIRefusesBecomesAnInvocationError() async throws {
        try await RuntimeAPIEmulator.run { emulator in
            await emulator.enqueue(requestId: "huge", event: Data("{}".utf8))
            let handler = ClosureLambdaHandler { _, _ in Data(repeating: UInt8(ascii: "a"), count: RuntimeAPIEmulator.maxResponseBytes + 1) }
            try await LambdaLoop.run(environment: emulator.environment(), handler: handler, logger: .silent, options: .init(maxInvocations: 1))
            let (type, report) = try Self.errorReport(await emulator.outcome(for: "huge"))
            #expect(type == "LambdaRuntimeError")
            #expect((report["errorMessage"] as? String)?.contains("413") == true)
        }
    }

    @Test func traceIdAndDeadlineReachTheHandler() async throws {
        let seen = Mutex<[(String?, String?, Date, String?)]>([])
        let deadline = Date(timeIntervalSince1970: 1_900_000_000.250)
        try await RuntimeAPIEmulator.run { emulator in
            await emulator.enqueue(
                requestId: "traced", event: Data("{}".utf8), deadline: deadline,
                traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
            await emulator.enqueue(requestId: "untraced", event: Data("{}".utf8), deadline: deadline)
            let handler = ClosureLambdaHandler { _, context in
                let variable = getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) }
                seen.withLock { $0.append((variable, context.traceId, context.deadline, context.invokedFunctionArn)) }
                return Data("null".utf8)
            }
            try await LambdaLoop.run(environment: emulator.environment(), handler: handler, logger: .silent, options: .init(maxInvocations: 2))
            _ = try await emulator.outcome(for: "untraced")
        }
        let calls = seen.withLock { $0 }
        try #require(calls.count == 2)
        #expect(calls[0].0 == "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
        #expect(calls[0].1 == calls[0].0)
        #expect(abs(calls[0].2.timeIntervalSince(deadline)) < 0.001)
        #expect(calls[0].3 == "arn:aws:lambda:eu-north-1:000000000000:function:replies-test")
        #expect(calls[1].0 == nil)  // not leaked into the next invocation
        #expect(calls[1].1 == nil)
    }

    @Test func anInitialisationFailureIsReportedToInitError() async throws {
        try await RuntimeAPIEmulator.run { emulator in
            await #expect(throws: Boom.self) {
                try await LambdaLoop.run(environment: emulator.environment(), logger: .silent) { _ in throw Boom() }
            }
            let errors = await emulator.state.initErrors
            try #require(errors.count == 1)
            #expect(errors[0].errorType == "Boom")
            let report = try #require(try JSONSerialization.jsonObject(with: errors[0].body) as? [String: Any])
            #expect(report["errorMessage"] as? String == "the handler broke on purpose")
            #expect(await emulator.state.nextCalls == 0)
        }
    }

    @Test func anUnknownHandlerNameIsAnInitialisationError() async throws {
        let built = Mutex<[String]>([])
        try await RuntimeAPIEmulator.run { emulator in
            let handlers: LambdaHandlers = [
                "webhook": { _ in built.withLock { $0.append("webhook") }; return ClosureLambdaHandler { e, _ in e } },
                "worker": { _ in built.withLock { $0.append("worker") }; return ClosureLambdaHandler { e, _ in e } },
            ]
            await #expect(throws: LambdaRuntimeError.unknownHandler("bootstrap", known: ["webhook", "worker"])) {
                try await LambdaLoop.run(environment: emulator.environment(handler: "bootstrap"), handlers: handlers, logger: .silent)
            }
            let errors = await emulator.state.initErrors
            #expect(errors.first?.errorType == "LambdaRuntimeError")
            let message = String(decoding: errors.first?.body ?? Data(), as: UTF8.self)
            #expect(message.contains("webhook, worker"))
        }
        #expect(built.withLock { $0 }.isEmpty)
    }

    @Test func onlyTheSelectedHandlerIsInitialised() async throws {
        let built = Mutex<[String]>([])
        try await RuntimeAPIEmulator.run { emulator in
            await emulator.enqueue(requestId: "r", event: Data("{}".utf8))
            let handlers: LambdaHandlers = [
                "webhook": { _ in built.withLock { $0.append("webhook") }; return ClosureLambdaHandler { e, _ in e } },
                "worker": { _ in built.withLock { $0.append("worker") }; return ClosureLambdaHandler { e, _ in e } },
            ]
            try await LambdaLoop.run(
                environment: emulator.environment(handler: " worker "), handlers: handlers, logger: .silent, options: .init(maxInvocations: 1))
        }
        #expect(built.withLock { $0 } == ["worker"])
    }

    @Test func withoutTheRuntimeAPIVariableTheLoopRefusesToStart() async throws {
        await #expect(throws: LambdaRuntimeError.missingEnvironment("AWS_LAMBDA_RUNTIME_API")) {
            try await LambdaLoop.run(environment: [:], handler: ClosureLambdaHandler { e, _ in e }, logger: .silent)
        }
    }

    @Test func remainingTimeCountsDownToZero() {
        let context = LambdaContext(requestId: "r", deadline: Date(timeIntervalSince1970: 100), logger: .silent)
        #expect(context.remaining(now: Date(timeIntervalSince1970: 90)) == .seconds(10))
        #expect(context.remaining(now: Date(timeIntervalSince1970: 100.5)) == .zero)
    }
}
