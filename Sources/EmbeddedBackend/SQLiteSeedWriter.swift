import Foundation
package import RepliesCore

/// ``SeedWriter`` of the embedded backend: every conversation is checked for engine history and
/// every record written in one transaction, so a refusal or a failure writes nothing; the new
/// secrets file is prepared beside `secrets.json` first and renamed into place only after the
/// transaction committed.
///
/// ```swift
/// let report = try await backend.seedWriter.write(document.prepared, replacingHistory: false)
/// ```
package struct SQLiteSeedWriter: SeedWriter {
    let database: EmbeddedDatabase
    let secretsWriter: SecretsFileWriter

    init(database: EmbeddedDatabase, secretsWriter: SecretsFileWriter) {
        self.database = database
        self.secretsWriter = secretsWriter
    }

    package func write(_ data: SeedData, replacingHistory: Bool) async throws -> SeedReport {
        let staged = data.secrets.isEmpty ? nil : try secretsWriter.stage(data.secrets)
        let changes: [ConversationKey: SeedReport.Change]
        do {
            changes = try await database.transaction { sql in
                var changes: [ConversationKey: SeedReport.Change] = [:]
                var conflicts: [SeedConflict] = []
                for record in data.conversations {
                    let key = try Conversation(record: record).key
                    let change = SeedReport.change(existing: try StoredConversation.read(key, sql), incoming: record)
                    if case .replacedHistory(let losses) = change, !replacingHistory {
                        conflicts.append(SeedConflict(key: key, losses: losses))
                    }
                    changes[key] = change
                }
                guard conflicts.isEmpty else { throw SeedWriteError.history(conflicts) }
                for record in data.conversations { try StoredConversation.write(try StoredConversation.Columns(record), sql) }
                for record in data.companies { try SQLiteCompanyDirectory.write(record, sql) }
                return changes
            }
        } catch let error as SeedWriteError {
            staged?.discard()
            throw error
        } catch {
            staged?.discard()
            throw SeedWriteError.failed(reason: "\(error)")
        }
        do {
            try staged?.install()
        } catch {
            // The records are committed; only the secrets file could not be swapped in.
            throw SeedWriteError.interrupted(
                written: changes.keys.map { "conversation \($0.conversationId)" }.sorted() + data.companies.compactMap(CompanyKey.init(record:)).map { "company \($0)" },
                failedAt: "the secrets file", reason: "\(error)", notWritten: data.secrets.count)
        }
        return SeedReport(conversations: changes, companies: data.companies.count, secrets: data.secrets.count)
    }
}
