@testable import EmbeddedBackend
import GRDB

extension Support {
    /// One integer from a raw query on the writer's connection, for checks the ports do not expose.
    static func scalar(_ backend: EmbeddedBackend, _ statement: String) async throws -> Int {
        try await scalar(backend.database, statement)
    }

    static func scalar(_ database: EmbeddedDatabase, _ statement: String) async throws -> Int {
        try await database.transaction { sql in
            try sql.rows(statement).first?.databaseValues.first.map(SQLValue.init)?.integer ?? -1
        }
    }
}
