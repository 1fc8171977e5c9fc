import Foundation
import InMemoryBackend
import Testing

@testable import AWSCore

@Suite("AWS JSON transport: headers, errors, retries")
struct TransportTests {
    struct Empty: Codable {}

    func client(_ executor: ScriptedExecutor, _ clock: ManualClock, service: AWSService = .dynamoDB) -> AWSJSONClient {
        AWSJSONClient(
            service: service, configuration: TestConfiguration.fake, executor: executor,
            retryPolicy: TestConfiguration.exactPolicy, timer: clock.sleeping,
            clock: { Date(timeIntervalSince1970: 1_440_938_160) })
    }

    @Test("requests carry target, content type, token and a signature over them")
    func requestShape() async throws {
        let executor = ScriptedExecutor([ScriptedExecutor.json(200, "{}")])
        _ = try await client(executor, ManualClock(advancesOnSleep: true), service: .secretsManager).send("GetSecretValue", ["SecretId": "x"], as: Empty.self)
        let request = try #require(executor.requests.first)
        #expect(request.url == "https://secretsmanager.eu-north-1.amazonaws.com/")
        #expect(request.method == "POST")
        #expect(request.header("X-Amz-Target") == "secretsmanager.GetSecretValue")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(request.header("X-Amz-Date") == "20150830T123600Z")
        #expect(request.header("X-Amz-Security-Token") == "fake-token")
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-north-1/secretsmanager/aws4_request, "))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"))
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"SecretId":"x"}"#)
    }

    @Test("throttling and 5xx are retried with capped exponential backoff")
    func retriesTransient() async throws {
        let executor = ScriptedExecutor([
            ScriptedExecutor.error(400, type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"),
            ScriptedExecutor.error(500, type: "InternalServerError"),
            .failure(ScriptedExecutor.NetworkDown()),
            ScriptedExecutor.json(200, "{}"),
        ])
        let clock = ManualClock(advancesOnSleep: true)
        _ = try await client(executor, clock).send("GetItem", Empty(), as: Empty.self)
        #expect(executor.requests.count == 4)
        #expect(clock.requestedSleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
    }

    @Test("gives up after maxAttempts with the last error")
    func givesUp() async throws {
        let executor = ScriptedExecutor(Array(repeating: ScriptedExecutor.error(503, type: "ServiceUnavailable"), count: 6))
        let clock = ManualClock(advancesOnSleep: true)
        let error = try await #require(throws: AWSError.self) {
            try await client(executor, clock).send("Query", Empty(), as: Empty.self)
        }
        #expect(error.attempts == 4)
        #expect(error.category == .transient)
        #expect(executor.requests.count == 4)
        #expect(clock.requestedSleeps.count == 3)
    }

    @Test("authentication failures are never retried and say what to check")
    func authenticationNotRetried() async throws {
        let executor = ScriptedExecutor([
            ScriptedExecutor.error(400, type: "com.amazon.coral.service#UnrecognizedClientException", message: "The security token included in the request is invalid.")
        ])
        let error = try await #require(throws: AWSError.self) {
            try await client(executor, ManualClock(advancesOnSleep: true)).send("GetItem", Empty(), as: Empty.self)
        }
        #expect(executor.requests.count == 1)
        #expect(error.code == "UnrecognizedClientException")
        #expect(error.category == .authentication)
        #expect(!error.isRetryable)
        #expect("\(error)".contains("AWS_SECRET_ACCESS_KEY"))
    }

    @Test("non-idempotent calls are retried only when throttled")
    func nonIdempotent() async throws {
        let throttled = ScriptedExecutor([ScriptedExecutor.error(400, type: "ThrottlingException"), ScriptedExecutor.json(200, "{}")])
        _ = try await client(throttled, ManualClock(advancesOnSleep: true)).send("UpdateItem", Empty(), as: Empty.self, idempotent: false)
        #expect(throttled.requests.count == 2)

        let ambiguous = ScriptedExecutor([ScriptedExecutor.error(500, type: "InternalServerError"), ScriptedExecutor.json(200, "{}")])
        await #expect(throws: AWSError.self) {
            try await client(ambiguous, ManualClock(advancesOnSleep: true)).send("UpdateItem", Empty(), as: Empty.self, idempotent: false)
        }
        #expect(ambiguous.requests.count == 1)
    }

    @Test("SQS errors keep the query-compatible code")
    func sqsQueryError() async throws {
        let executor = ScriptedExecutor([
            ScriptedExecutor.error(
                400, type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist.",
                headers: [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"), ("x-amzn-RequestId", "req-1")])
        ])
        let error = try await #require(throws: AWSError.self) {
            try await client(executor, ManualClock(advancesOnSleep: true), service: .sqs).send("GetQueueUrl", Empty(), as: Empty.self)
        }
        #expect(error.code == "QueueDoesNotExist")
        #expect(error.queryErrorCode == "AWS.SimpleQueueService.NonExistentQueue")
        #expect(error.hasCode("AWS.SimpleQueueService.NonExistentQueue"))
        #expect(error.requestId == "req-1")
        #expect(error.category == .client)
    }

    @Test("unreadable bodies and x-amzn-ErrorType are understood")
    func odderErrors() async throws {
        let executor = ScriptedExecutor([
            .success(AWSHTTPResponse(status: 403, headers: [("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/")], body: Array("<html>no</html>".utf8)))
        ])
        let error = try await #require(throws: AWSError.self) {
            try await client(executor, ManualClock(advancesOnSleep: true)).send("GetItem", Empty(), as: Empty.self)
        }
        #expect(error.code == "AccessDeniedException")
        #expect(error.category == .authentication)
        #expect(error.message.contains("no"))
    }

    @Test("XML error bodies (an authenticating front end) are read too")
    func xmlErrors() async throws {
        let xml = #"<?xml version="1.0"?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match.</Message></Error></Errors></ErrorResponse>"#
        let executor = ScriptedExecutor([.success(AWSHTTPResponse(status: 403, body: Array(xml.utf8)))])
        let error = try await #require(throws: AWSError.self) {
            try await client(executor, ManualClock(advancesOnSleep: true)).send("GetItem", Empty(), as: Empty.self)
        }
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.message == "The request signature we calculated does not match.")
        #expect(error.category == .authentication)
        #expect(executor.requests.count == 1)
    }

    @Test("a body that does not match x-amz-crc32 is retried like a transient failure")
    func checksum() async throws {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        let body = #"{"Item":{"k":{"S":"v"}}}"#
        let good = String(CRC32.checksum(Array(body.utf8)))
        let executor = ScriptedExecutor([
            ScriptedExecutor.json(200, body, headers: [("x-amz-crc32", "12345")]),
            ScriptedExecutor.json(200, body, headers: [("x-amz-crc32", good)]),
        ])
        let clock = ManualClock(advancesOnSleep: true)
        let raw = try await client(executor, clock).sendRaw("GetItem", body: Array("{}".utf8))
        #expect(raw == Array(body.utf8))
        #expect(executor.requests.count == 2)
        #expect(clock.requestedSleeps.count == 1)
    }

    @Test("full jitter stays within the cap")
    func jitter() {
        let policy = AWSRetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .milliseconds(300))
        for retry in 1...10 {
            let delay = policy.delay(beforeRetry: retry)
            #expect(delay >= .zero && delay <= .milliseconds(300))
        }
    }
}
