@testable import EmbeddedBackend
import Foundation
import GRDB
import InMemoryBackend
import RepliesCore
import Testing

/// The webhook's lookups run on connections of their own (``LookupConnections``): they must
/// answer like GRDB's reads did, close with the database, and never keep the WAL alive.
@Suite struct LookupConnectionsTests {
    private static let company = "+447700900456"

    /// Both connection modes: read-only connections beside the writer (`serve`), and the writer's
    /// own connection (a Lambda handler), whose statements must be finalized before GRDB can close it.
    @Test(arguments: [false, true])
    func lookupsAnswerAndTheCloseLeavesNoWriteAheadLog(oneRequestAtATime: Bool) async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let backend = try await EmbeddedBackend.open(
            directory: directory.path, oneRequestAtATime: oneRequestAtATime, clock: clock, timer: clock.sleeping, logger: Support.quiet)
        // Two conversations of the same pair, the later id stored first: answered in key order.
        var newer = Support.record()
        newer["conversation_id"] = .string(Support.conversationId + "-2")
        try await backend.conversations.put(newer)
        try await backend.conversations.put(Support.record())
        try await backend.companies.put(["company_id": .string("ci-aaa-001"), "project_id": .string("pi-aaa-001"), "project_status": .string("active")])

        let found = try await backend.conversations.findConversations(channel: .whatsapp, companyNumber: Self.company, userNumber: Support.userNumber)
        #expect(found.map(\.key.conversationId) == [Support.conversationId, Support.conversationId + "-2"])
        #expect(try await backend.conversations.findConversations(channel: .sms, companyNumber: Self.company, userNumber: Support.userNumber).isEmpty)
        #expect(try await backend.conversations.conversation(Support.key)?.status == "initial_message_sent")
        #expect(try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001")?.string("project_status") == "active")
        #expect(try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-none") == nil)

        let wal = (directory.path as NSString).appendingPathComponent(EmbeddedBackend.databaseFileName + "-wal")
        #expect(FileManager.default.fileExists(atPath: wal))
        try await backend.close()
        #expect(!FileManager.default.fileExists(atPath: wal))

        await #expect(throws: EmbeddedStoreError.closed) {
            try await backend.conversations.findConversations(channel: .whatsapp, companyNumber: Self.company, userNumber: Support.userNumber)
        }
    }

    /// Many lookups at once, from more tasks than threads, every answer right: a connection (opened
    /// without SQLite's own mutex) is checked out by one thread at a time.
    @Test func concurrentLookupsEachGetTheirOwnConnection() async throws {
        try await Support.withBackend { backend, _ in
            try await backend.conversations.put(Support.record())
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        var found = 0
                        for _ in 0..<50 {
                            found += try await backend.conversations.findConversations(
                                channel: .whatsapp, companyNumber: Self.company, userNumber: Support.userNumber).count
                        }
                        return found
                    }
                }
                for try await found in group { #expect(found == 50) }
            }
        }
    }

    /// A record column that is not text (written by some other tool: here the same JSON as a
    /// blob) is reported as a corrupt row of its table, as GRDB's reads did, not decoded anyway.
    @Test func aRecordThatIsNotTextIsACorruptRow() async throws {
        try await Support.withBackend { backend, _ in
            try await backend.conversations.put(Support.record())
            let other = try DatabaseQueue(path: backend.database.pool.path)
            try await other.write { try $0.execute(sql: "UPDATE conversations SET record = CAST(record AS BLOB)") }
            try other.close()
            let error = await #expect(throws: EmbeddedStoreError.self) {
                try await backend.conversations.conversation(Support.key)
            }
            #expect(error == .corruptRow(table: "conversations", detail: "column record is not text"))
        }
    }
}
