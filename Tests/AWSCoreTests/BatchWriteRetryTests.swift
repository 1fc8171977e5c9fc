import Foundation
import InMemoryBackend
import Testing

@testable import AWSCore

/// moto always processes a whole batch, so the UnprocessedItems path is driven by a script.
@Suite("BatchWriteItem retries UnprocessedItems")
struct BatchWriteRetryTests {
    func client(_ executor: ScriptedExecutor, _ clock: ManualClock) -> DynamoDBClient {
        DynamoDBClient(configuration: TestConfiguration.fake, executor: executor, retryPolicy: TestConfiguration.exactPolicy, timer: clock.sleeping)
    }

    func body(_ request: AWSHTTPRequest) throws -> [String: [DynamoDBWriteRequest]] {
        struct Input: Decodable {
            var requestItems: [String: [DynamoDBWriteRequest]]
            enum CodingKeys: String, CodingKey { case requestItems = "RequestItems" }
        }
        return try JSONDecoder().decode(Input.self, from: Data(request.body)).requestItems
    }

    @Test("unprocessed requests are re-sent, with backoff, until none is left")
    func retriesUnprocessed() async throws {
        let executor = ScriptedExecutor([
            ScriptedExecutor.json(200, #"{"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"k":{"S":"2"}}}},{"DeleteRequest":{"Key":{"k":{"S":"3"}}}}]}}"#),
            ScriptedExecutor.json(200, #"{"UnprocessedItems":{"t":[{"DeleteRequest":{"Key":{"k":{"S":"3"}}}}]}}"#),
            ScriptedExecutor.json(200, #"{"UnprocessedItems":{}}"#),
        ])
        let clock = ManualClock(advancesOnSleep: true)
        try await client(executor, clock).batchWrite(
            table: "t", requests: [.put(item: ["k": .s("1")]), .put(item: ["k": .s("2")]), .delete(key: ["k": .s("3")])])
        let sent = try executor.requests.map { try body($0)["t"] ?? [] }
        #expect(sent.map(\.count) == [3, 2, 1])
        #expect(sent[2] == [.delete(key: ["k": .s("3")])])
        #expect(clock.requestedSleeps == [.milliseconds(100), .milliseconds(200)])
        #expect(executor.requests.allSatisfy { $0.header("X-Amz-Target") == "DynamoDB_20120810.BatchWriteItem" })
    }

    @Test("requests beyond 25 go in further batches")
    func chunks() async throws {
        let executor = ScriptedExecutor(Array(repeating: ScriptedExecutor.json(200, "{}"), count: 3))
        let requests = (0..<60).map { DynamoDBWriteRequest.put(item: ["k": .s(String($0))]) }
        try await client(executor, ManualClock(advancesOnSleep: true)).batchWrite(table: "t", requests: requests)
        #expect(try executor.requests.map { try body($0)["t"]?.count } == [25, 25, 10])
    }

    @Test("requests that never drain end in a clear, retryable error")
    func givesUp() async throws {
        let stuck = ScriptedExecutor.json(200, #"{"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"k":{"S":"1"}}}}]}}"#)
        let executor = ScriptedExecutor(Array(repeating: stuck, count: 10))
        do {
            try await client(executor, ManualClock(advancesOnSleep: true)).batchWrite(table: "t", requests: [.put(item: ["k": .s("1")])], maxRounds: 3)
            Issue.record("must throw")
        } catch let error as DynamoDBError {
            guard case .unprocessedItems(let table, let remaining, let rounds) = error else { throw error }
            #expect(table == "t" && remaining == 1 && rounds == 3)
            #expect(error.isRetryable)
        }
        #expect(executor.requests.count == 3)
    }
}
