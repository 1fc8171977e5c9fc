/// The embedded database's tables, created and migrated at open.
///
/// `schema_version` holds the number of migrations applied; each migration runs once, inside the
/// opening transaction, so a crash mid-migration leaves the previous version intact. Add a new
/// migration at the end of ``migrations``; never edit a released one (files written by earlier
/// releases must keep opening — `SchemaMigrationTests` opens one built with release 1's SQL):
///
/// ```swift
/// // 2: conversation history moved out of the record.
/// [
///     "CREATE TABLE history (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, turn TEXT NOT NULL, PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID",
/// ],
/// ```
enum Schema {
    static var currentVersion: Int { migrations.count }

    static let migrations: [[String]] = [
        // 1: the first schema.
        [
            // The shared ConversationsTable. `record` is TypedRecordJSON (lossless); the gsi_*
            // columns copy the record's string attributes of the same name, like DynamoDB's sparse
            // GSIs (absent or non-string → NULL → not found by lookups).
            """
            CREATE TABLE conversations (
                primary_channel TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                record TEXT NOT NULL,
                gsi_company_whatsapp_number TEXT,
                gsi_company_sms_number TEXT,
                gsi_recipient_tel TEXT,
                PRIMARY KEY (primary_channel, conversation_id)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX conversations_whatsapp_lookup ON conversations (gsi_company_whatsapp_number, gsi_recipient_tel)",
            "CREATE INDEX conversations_sms_lookup ON conversations (gsi_company_sms_number, gsi_recipient_tel)",
            // Staged fragments; done rows keep no body and live until retain_until_ms for dedupe.
            """
            CREATE TABLE fragments (
                conversation_id TEXT NOT NULL,
                message_sid TEXT NOT NULL,
                primary_channel TEXT NOT NULL,
                channel TEXT NOT NULL,
                body TEXT NOT NULL,
                media TEXT NOT NULL,
                received_at_ms INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
                outcome TEXT,
                retain_until_ms INTEGER,
                PRIMARY KEY (conversation_id, message_sid)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX fragments_by_state ON fragments (state, received_at_ms)",
            """
            CREATE TABLE trigger_locks (
                conversation_id TEXT PRIMARY KEY NOT NULL,
                expires_at_ms INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            // The delay queue of both channels. `receipt` is set while a delivery is in flight.
            """
            CREATE TABLE triggers (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                body TEXT NOT NULL,
                enqueued_at_ms INTEGER NOT NULL,
                visible_at_ms INTEGER NOT NULL,
                receive_count INTEGER NOT NULL DEFAULT 0,
                receipt TEXT
            )
            """,
            "CREATE INDEX triggers_by_visibility ON triggers (visible_at_ms, seq)",
            """
            CREATE TABLE dead_letters (
                id TEXT PRIMARY KEY NOT NULL,
                channel TEXT NOT NULL,
                body TEXT NOT NULL,
                enqueued_at_ms INTEGER NOT NULL,
                receive_count INTEGER NOT NULL,
                reason TEXT NOT NULL,
                dead_lettered_at_ms INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE handoff_notices (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                batch_id TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                notice TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE companies (
                company_id TEXT NOT NULL,
                project_id TEXT NOT NULL,
                record TEXT NOT NULL,
                PRIMARY KEY (company_id, project_id)
            ) WITHOUT ROWID
            """,
        ],
        // 2: reply budget counters (one row per scope and fixed window).
        [
            """
            CREATE TABLE reply_budgets (
                counter TEXT PRIMARY KEY NOT NULL,
                used INTEGER NOT NULL,
                expires_at_ms INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
        ],
        // 3: long conversations and a sweeper that backs off.
        [
            // The history table: turns moved out of a record's `messages` (TurnArchive). `entry`
            // is the entry as TypedRecordJSON of a one-attribute record {"entry": …}.
            """
            CREATE TABLE archived_turns (
                conversation_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                primary_channel TEXT NOT NULL,
                entry TEXT NOT NULL,
                PRIMARY KEY (conversation_id, position)
            ) WITHOUT ROWID
            """,
            // Per conversation: how often the sweeper re-scheduled it and when it may again.
            """
            CREATE TABLE sweep_schedule (
                conversation_id TEXT PRIMARY KEY NOT NULL,
                sweeps INTEGER NOT NULL,
                next_sweep_at_ms INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            // Pending fragments the sweeper gave up on (still pending, no longer swept).
            "ALTER TABLE fragments ADD COLUMN parked INTEGER NOT NULL DEFAULT 0",
        ],
        // 4: the e-mail channel.
        [
            // The lookup columns of `company-email-recipient-email-index`, filled from the
            // records already stored (TypedRecordJSON keeps a string as {"S": …}).
            "ALTER TABLE conversations ADD COLUMN gsi_company_email TEXT",
            "ALTER TABLE conversations ADD COLUMN gsi_recipient_email TEXT",
            """
            UPDATE conversations SET
                gsi_company_email = json_extract(record, '$.gsi_company_email.S'),
                gsi_recipient_email = json_extract(record, '$.gsi_recipient_email.S')
            """,
            "CREATE INDEX conversations_email_lookup ON conversations (gsi_company_email, gsi_recipient_email)",
            // An e-mail fragment's EmailThread as JSON; NULL for the other channels.
            "ALTER TABLE fragments ADD COLUMN email TEXT",
        ],
        // 5: the operator API (tokens, idempotent human replies, the inbox).
        [
            // Only the SHA-256 (hex) of each token is kept.
            """
            CREATE TABLE operator_tokens (
                token_hash TEXT PRIMARY KEY NOT NULL,
                company_id TEXT NOT NULL,
                name TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL,
                revoked_at_ms INTEGER
            ) WITHOUT ROWID
            """,
            "CREATE INDEX operator_tokens_by_company ON operator_tokens (company_id, created_at_ms)",
            """
            CREATE TABLE operator_sends (
                company_id TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                primary_channel TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                content TEXT NOT NULL,
                operator_name TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'recorded')),
                sid TEXT,
                created_at_ms INTEGER NOT NULL,
                attempt_expires_at_ms INTEGER NOT NULL,
                PRIMARY KEY (company_id, idempotency_key)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE operator_inbox (
                company_id TEXT NOT NULL,
                primary_channel TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                handed_off INTEGER NOT NULL,
                handed_off_at_ms INTEGER NOT NULL,
                updated_at_ms INTEGER NOT NULL,
                PRIMARY KEY (company_id, primary_channel, conversation_id)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX operator_inbox_newest ON operator_inbox (company_id, handed_off_at_ms DESC, primary_channel, conversation_id)",
        ],
        // 6: a WhatsApp fragment's shared location (SharedLocation as JSON; NULL when none).
        [
            "ALTER TABLE fragments ADD COLUMN location TEXT",
        ],
    ]

    /// Applies the migrations the file has not seen yet; fails on a file from a newer engine.
    static func migrate(_ sql: SQLSession) throws {
        try sql.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        let found = try sql.rows("SELECT max(version) AS v FROM schema_version").first?.column("v")?.integer ?? 0
        guard found <= currentVersion else {
            throw EmbeddedStoreError.schemaTooNew(found: found, supported: currentVersion)
        }
        for version in found..<currentVersion {
            for statement in migrations[version] {
                try sql.run(statement)
            }
        }
        if found < currentVersion {
            try sql.run("DELETE FROM schema_version")
            try sql.run("INSERT INTO schema_version (version) VALUES (?)", [.integer(currentVersion)])
        }
    }
}
