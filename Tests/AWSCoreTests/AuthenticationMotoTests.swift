import Foundation
import Synchronization
import InMemoryBackend
import Testing

@testable import AWSCore

/// moto checks signatures once its first actions are spent (scripts/with-moto.sh), so a wrong
/// key really is refused: a check of the signer end to end.
@Suite("Signatures checked by moto")
struct AuthenticationMotoTests {
    @Test("the right key is accepted, a wrong secret is refused with SignatureDoesNotMatch and not retried", arguments: [AWSService.dynamoDB, .sqs, .secretsManager])
    func wrongSecret(service: AWSService) async throws {
        let good = try Moto.configuration()
        let executor = CountingExecutor()
        let (operation, body) = Self.harmlessCall(service)
        _ = try await AWSJSONClient(service: service, configuration: good, executor: executor).sendRaw(operation, body: Array(body.utf8))

        var bad = good
        bad.credentials.secretAccessKey = "wrong-" + good.credentials.secretAccessKey
        let clock = ManualClock(advancesOnSleep: true)
        let client = AWSJSONClient(service: service, configuration: bad, executor: executor, timer: clock.sleeping)
        let before = executor.count
        let error = try await #require(throws: AWSError.self) {
            try await client.sendRaw(operation, body: Array(body.utf8))
        }
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.category == .authentication)
        #expect(!error.isRetryable)
        #expect(executor.count - before == 1, "not retried")
        #expect(clock.requestedSleeps.isEmpty)
        #expect("\(error)".contains("AWS_SECRET_ACCESS_KEY"))
    }

    @Test("an unknown access key is refused")
    func unknownKey() async throws {
        var bad = try Moto.configuration()
        bad.credentials.accessKeyId = "AKIAIOSFODNN7EXAMPLE"
        let error = try await #require(throws: AWSError.self) {
            try await DynamoDBClient(configuration: bad).describeTable("anything")
        }
        #expect(error.category == .authentication)
    }

    static func harmlessCall(_ service: AWSService) -> (String, String) {
        switch service.signingName {
        case "dynamodb": ("ListTables", "{}")
        case "sqs": ("ListQueues", "{}")
        default: ("ListSecrets", "{}")
        }
    }
}

/// The real executor, counting the requests it sends.
final class CountingExecutor: AWSHTTPExecutor {
    private let inner = AsyncHTTPClientExecutor()
    private let sent = Mutex(0)
    var count: Int { sent.withLock { $0 } }

    func execute(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        sent.withLock { $0 += 1 }
        return try await inner.execute(request, timeout: timeout)
    }
}
