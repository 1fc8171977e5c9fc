@testable import EmbeddedBackend
import Foundation
import GRDB
import InMemoryBackend
import RepliesCore
import Testing

/// A data directory written by release 1 (the sqlite-nio engine) opens and keeps its data.
/// The file is built here with release 1's SQL, verbatim — not with ``Schema`` — so a change to a
/// released migration, or to how rows are read, fails this test.
@Suite struct SchemaMigrationTests {
    static let releaseOneSchema = [
        """
        CREATE TABLE conversations (
            primary_channel TEXT NOT NULL, conversation_id TEXT NOT NULL, record TEXT NOT NULL,
            gsi_company_whatsapp_number TEXT, gsi_company_sms_number TEXT, gsi_recipient_tel TEXT,
            PRIMARY KEY (primary_channel, conversation_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX conversations_whatsapp_lookup ON conversations (gsi_company_whatsapp_number, gsi_recipient_tel)",
        "CREATE INDEX conversations_sms_lookup ON conversations (gsi_company_sms_number, gsi_recipient_tel)",
        """
        CREATE TABLE fragments (
            conversation_id TEXT NOT NULL, message_sid TEXT NOT NULL, primary_channel TEXT NOT NULL,
            channel TEXT NOT NULL, body TEXT NOT NULL, media TEXT NOT NULL, received_at_ms INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done')), outcome TEXT, retain_until_ms INTEGER,
            PRIMARY KEY (conversation_id, message_sid)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX fragments_by_state ON fragments (state, received_at_ms)",
        "CREATE TABLE trigger_locks (conversation_id TEXT PRIMARY KEY NOT NULL, expires_at_ms INTEGER NOT NULL) WITHOUT ROWID",
        """
        CREATE TABLE triggers (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, body TEXT NOT NULL,
            enqueued_at_ms INTEGER NOT NULL, visible_at_ms INTEGER NOT NULL, receive_count INTEGER NOT NULL DEFAULT 0,
            receipt TEXT
        )
        """,
        "CREATE INDEX triggers_by_visibility ON triggers (visible_at_ms, seq)",
        """
        CREATE TABLE dead_letters (
            id TEXT PRIMARY KEY NOT NULL, channel TEXT NOT NULL, body TEXT NOT NULL, enqueued_at_ms INTEGER NOT NULL,
            receive_count INTEGER NOT NULL, reason TEXT NOT NULL, dead_lettered_at_ms INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE handoff_notices (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL, conversation_id TEXT NOT NULL,
            reason TEXT NOT NULL, notice TEXT NOT NULL, created_at_ms INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE companies (
            company_id TEXT NOT NULL, project_id TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (company_id, project_id)
        ) WITHOUT ROWID
        """,
        "CREATE TABLE schema_version (version INTEGER NOT NULL)",
        "INSERT INTO schema_version (version) VALUES (1)",
    ]

    /// The typed JSON release 1 stored for `Support.record()`.
    static let recordJSON = """
        {"channel_method":{"S":"whatsapp"},"company_id":{"S":"ci-aaa-001"},"conversation_id":{"S":"\(Support.conversationId)"},\
        "conversation_status":{"S":"initial_message_sent"},"gsi_company_whatsapp_number":{"S":"+447700900456"},\
        "gsi_recipient_tel":{"S":"\(Support.userNumber)"},"messages":{"L":[]},"primary_channel":{"S":"\(Support.userNumber)"},\
        "project_id":{"S":"pi-aaa-001"},"task_complete":{"N":"0"},"thread_id":{"NULL":true}}
        """

    static let emailRecordJSON = """
        {"channel_method":{"S":"email"},"conversation_id":{"S":"c-email"},"gsi_company_email":{"S":"lettings@example.com"},\
        "gsi_recipient_email":{"S":"sam@example.com"},"primary_channel":{"S":"sam@example.com"}}
        """

    @Test func aReleaseOneFileOpensWithItsData() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let now = EpochMillis.of(clock.now())
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let file = (directory.path as NSString).appendingPathComponent(EmbeddedBackend.databaseFileName)
        let notice = HandoffNotice(
            reason: .modelRequested, detail: nil, conversation: try Conversation(record: Support.record()), channel: .whatsapp,
            messageSids: ["SM1"], batchId: "batch-1", createdAt: clock.now()
        )

        let old = try DatabaseQueue(path: file)
        try await old.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            for statement in Self.releaseOneSchema { try db.execute(sql: statement) }
            try db.execute(
                sql: "INSERT INTO conversations VALUES (?, ?, ?, '+447700900456', NULL, ?)",
                arguments: [Support.userNumber, Support.conversationId, Self.recordJSON, Support.userNumber])
            // An e-mail conversation seeded before the engine answered e-mail: found after the
            // migration fills the new lookup columns from the record.
            try db.execute(
                sql: "INSERT INTO conversations VALUES ('sam@example.com', 'c-email', ?, NULL, NULL, NULL)",
                arguments: [Self.emailRecordJSON])
            try db.execute(
                sql: "INSERT INTO fragments VALUES (?, 'SM1', ?, 'whatsapp', 'hello', '[]', ?, 'pending', NULL, NULL)",
                arguments: [Support.conversationId, Support.userNumber, now])
            try db.execute(
                sql: "INSERT INTO fragments VALUES (?, 'SM0', ?, 'whatsapp', '', '[]', ?, 'done', 'answered', ?)",
                arguments: [Support.conversationId, Support.userNumber, now - 1000, now + 86_400_000])
            try db.execute(sql: "INSERT INTO trigger_locks VALUES (?, ?)", arguments: [Support.conversationId, now + 130_000])
            try db.execute(
                sql: "INSERT INTO triggers (id, channel, body, enqueued_at_ms, visible_at_ms) VALUES ('t-1', 'whatsapp', ?, ?, ?)",
                arguments: [Support.trigger.encodedBody(), now, now])
            try db.execute(
                sql: "INSERT INTO dead_letters VALUES ('t-0', 'sms', '{}', ?, 5, 'malformed trigger', ?)", arguments: [now, now])
            try db.execute(
                sql: "INSERT INTO handoff_notices (batch_id, conversation_id, reason, notice, created_at_ms) VALUES ('batch-1', ?, 'model_requested', ?, ?)",
                arguments: [Support.conversationId, notice.jsonBody(), now])
            try db.execute(
                sql: "INSERT INTO companies VALUES ('ci-aaa-001', 'pi-aaa-001', ?)",
                arguments: [#"{"company_id":{"S":"ci-aaa-001"},"project_id":{"S":"pi-aaa-001"},"project_status":{"S":"active"}}"#])
        }
        try old.close()

        let backend = try await Support.open(directory, clock: clock)
        #expect(try await backend.conversations.conversation(Support.key)?.record == Support.record())
        let found = try await backend.conversations.findConversations(
            channel: .whatsapp, companyNumber: "+447700900456", userNumber: Support.userNumber)
        #expect(found.map(\.key) == [Support.key])
        let email = try await backend.conversations.findConversations(
            channel: .email, companyNumber: "lettings@example.com", userNumber: "sam@example.com")
        #expect(email.map(\.key.conversationId) == ["c-email"])
        #expect(try await backend.stage.pendingFragments(conversationId: Support.conversationId).map(\.messageSid) == ["SM1"])
        #expect(try await backend.stage.stage(Support.fragment("SM0", at: clock.now())) == .alreadyDone)
        #expect(try await backend.locks.acquire(conversationId: Support.conversationId, now: clock.now(), expiresAt: clock.now()) == false)
        #expect(try await backend.queue.receive(max: 5, wait: .zero, visibility: .seconds(30)).map(\.body) == [Support.trigger.encodedBody()])
        #expect(try await backend.queue.deadLetters().map(\.id) == ["t-0"])
        #expect(try await backend.handoff.notices() == [notice])
        #expect(try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001")?["project_status"] == .string("active"))
        #expect(try await Support.scalar(backend, "SELECT version FROM schema_version") == Schema.currentVersion)
        try await backend.close()
    }
}
