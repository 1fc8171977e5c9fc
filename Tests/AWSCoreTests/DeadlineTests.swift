import Foundation
import InMemoryBackend
import Testing

@testable import AWSCore

/// AWS calls within the configuration's deadline (issue 13 point 10), on a manual clock that
/// moves only by the retry delays slept: each attempt gets at most the time left, and no retry
/// starts that could not run before the deadline.
@Suite("AWS calls within the invocation deadline")
struct AWSDeadlineTests {
    struct Empty: Codable {}

    func client(_ executor: ScriptedExecutor, _ clock: ManualClock, deadline: Date?, maxAttempts: Int? = nil) -> AWSJSONClient {
        var configuration = TestConfiguration.fake
        configuration.deadline = { deadline }
        configuration.maxAttempts = maxAttempts
        return AWSJSONClient(
            service: .dynamoDB, configuration: configuration, executor: executor, retryPolicy: TestConfiguration.exactPolicy,
            timer: clock.sleeping, clock: { clock.now() })
    }

    @Test("attempts are cut to the time left and retries stop before the deadline")
    func retriesEndAtTheDeadline() async throws {
        let executor = ScriptedExecutor(Array(repeating: ScriptedExecutor.error(503, type: "ServiceUnavailable"), count: 4))
        let clock = ManualClock(advancesOnSleep: true)
        let deadline = clock.now().addingTimeInterval(0.25)
        let error = try await #require(throws: AWSError.self) {
            try await client(executor, clock, deadline: deadline).send("GetItem", Empty(), as: Empty.self)
        }
        // 250 ms: attempt, 100 ms delay, attempt with 150 ms; a 200 ms delay would leave nothing.
        #expect(error.attempts == 2)
        #expect(executor.timeouts == [.milliseconds(250), .milliseconds(150)])
        #expect(clock.requestedSleeps == [.milliseconds(100)])
    }

    @Test("a call after the deadline fails without an attempt, as a transient failure")
    func aCallAfterTheDeadlineIsNotSent() async throws {
        let executor = ScriptedExecutor([ScriptedExecutor.json(200, "{}")])
        let clock = ManualClock(advancesOnSleep: true)
        let error = try await #require(throws: AWSError.self) {
            try await client(executor, clock, deadline: clock.now()).send("PutItem", Empty(), as: Empty.self)
        }
        #expect(error.category == .transient)
        #expect(executor.requests.isEmpty)
    }

    @Test("AWS_MAX_ATTEMPTS and the attempt timeout come from the configuration")
    func configuredAttempts() async throws {
        let executor = ScriptedExecutor(Array(repeating: ScriptedExecutor.error(503, type: "ServiceUnavailable"), count: 4))
        let clock = ManualClock(advancesOnSleep: true)
        let error = try await #require(throws: AWSError.self) {
            try await client(executor, clock, deadline: nil, maxAttempts: 2).send("GetItem", Empty(), as: Empty.self)
        }
        #expect(error.attempts == 2)
        #expect(executor.timeouts == [AWSClientConfiguration.defaultAttemptTimeout, AWSClientConfiguration.defaultAttemptTimeout])
    }

    @Test("the worst case is every attempt timing out with the longest delays")
    func worstCase() {
        let policy = DynamoDBClient.defaultRetryPolicy
        // 3 × 2 s + 50 ms + 100 ms.
        #expect(AWSJSONClient.worstCase(attempts: 3, attemptTimeout: .seconds(2), policy: policy) == .milliseconds(6_150))
        #expect(AWSJSONClient.worstCase(attempts: 1, attemptTimeout: .seconds(2), policy: policy) == .seconds(2))
    }
}
