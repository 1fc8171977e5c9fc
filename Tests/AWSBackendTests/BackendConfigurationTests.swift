import AWSBackend
import AWSCore
import RepliesCore
import Testing

@Suite("AWS backend errors")
struct BackendErrorTests {
    @Test("AWS errors carry the core's retry classification")
    func classification() {
        let throttled = AWSError(kind: .service(statusCode: 400), service: "DynamoDB", operation: "PutItem", code: "ThrottlingException", message: "")
        let denied = AWSError(kind: .service(statusCode: 400), service: "DynamoDB", operation: "PutItem", code: "SignatureDoesNotMatch", message: "")
        #expect(RetryDisposition.of(throttled) == .transient(retryAfter: nil))
        #expect(RetryDisposition.of(denied) == .permanent)
        #expect(RetryDisposition.of(DynamoDBError.unprocessedItems(table: "t", remaining: 1, rounds: 8)) == .transient(retryAfter: nil))
        #expect(RetryDisposition.of(AWSBackendError.noDeadLetterQueue(queueURL: "u")) == .permanent)
    }
}
