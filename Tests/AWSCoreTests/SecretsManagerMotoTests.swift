import Foundation
import Synchronization
import Testing

@testable import AWSCore

@Suite("Secrets Manager client on moto")
struct SecretsManagerMotoTests {
    final class TestClock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_700_000_000))
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
    }

    @Test("create, read through the TTL cache, update, delete")
    func lifecycle() async throws {
        let clock = TestClock()
        let secrets = SecretsManagerClient(configuration: try Moto.configuration(), cacheTTL: .seconds(300), clock: clock.read)
        let name = Moto.unique("test/twilio")
        try await secrets.createOrUpdateSecret(name: name, secretString: #"{"twilio_auth_token":"fake-token-1"}"#)
        #expect(try await secrets.secretString(id: name) == #"{"twilio_auth_token":"fake-token-1"}"#)

        // Another writer changes it: the cache keeps serving the old value until its TTL ends.
        let other = SecretsManagerClient(configuration: try Moto.configuration(), cacheTTL: nil)
        try await other.createOrUpdateSecret(name: name, secretString: #"{"twilio_auth_token":"fake-token-2"}"#)
        #expect(try await secrets.secretString(id: name).contains("fake-token-1"))
        clock.advance(301)
        #expect(try await secrets.secretString(id: name).contains("fake-token-2"))

        try await secrets.deleteSecret(id: name)
        let error = try await #require(throws: AWSError.self) { try await secrets.secretString(id: name) }
        #expect(error.code == "ResourceNotFoundException")
    }
}
