@testable import EmbeddedBackend
import Foundation
import GRDB
import InMemoryBackend
import RepliesCore
import Testing

/// Lookups reuse a decoded record only while its row's text is unchanged, so a record changed
/// behind the store's back — by `seed` in another process, here a second connection — is never
/// answered stale.
@Suite struct DecodedRecordsTests {
    @Test func aRowChangedByAnotherConnectionIsReadAfresh() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let backend = try await Support.open(directory, clock: ManualClock())
        try await backend.conversations.put(Support.record())
        try await backend.companies.put(["company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"), "project_status": .string("active")])
        let find = {
            try await backend.conversations.findConversations(
                channel: .whatsapp, companyNumber: "+447700900456", userNumber: Support.userNumber)
        }
        #expect(try await find().map(\.status) == ["initial_message_sent"])
        #expect(try await find().map(\.status) == ["initial_message_sent"])
        #expect(try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001")?.string("project_status") == "active")

        // Another connection to the same file, as `seed` run beside `serve` would be.
        let other = try DatabaseQueue(path: (directory.path as NSString).appendingPathComponent(EmbeddedBackend.databaseFileName))
        let conversation = TypedRecordJSON.encode(Support.record(status: "handed_off"))
        let company = TypedRecordJSON.encode(["company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"), "project_status": .string("paused")])
        try await other.write { database in
            try database.execute(sql: "UPDATE conversations SET record = ?", arguments: [conversation])
            try database.execute(sql: "UPDATE companies SET record = ?", arguments: [company])
        }
        try other.close()

        #expect(try await find().map(\.status) == ["handed_off"])
        #expect(try await backend.conversations.conversation(Support.key)?.status == "handed_off")
        #expect(try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001")?.string("project_status") == "paused")
        try await backend.close()
    }

    @Test func decodesOncePerTextAndStaysBounded() throws {
        let cache = DecodedRecords<String, String>(capacity: 2)
        var decoded = 0
        let value = { (key: String, text: String) in
            Array(text.utf8).withUnsafeBytes { bytes in
                cache.value(key: key, bytes: bytes) { text in
                    decoded += 1
                    return text.uppercased()
                }
            }
        }
        #expect(value("a", "one") == "ONE")
        #expect(value("a", "one") == "ONE")
        #expect(decoded == 1)
        // Same length, one byte apart; then a prefix of the remembered text.
        #expect(value("a", "onf") == "ONF")
        #expect(value("a", "on") == "ON")
        #expect(decoded == 3)
        _ = value("b", "x")
        #expect(cache.count == 2)
        _ = value("c", "y")
        #expect(cache.count == 1)
    }
}
