package import RepliesCore
import SQLiteNIO

/// ``CompanyDirectory`` on the embedded database's `companies` table (keyed by company and
/// project id, records kept as lossless typed JSON).
///
/// ```swift
/// try await backend.companies.put(companyRecord)
/// let live = try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001")
/// ```
package struct SQLiteCompanyDirectory: CompanyDirectory {
    static let table = "companies"
    let database: EmbeddedDatabase

    init(database: EmbeddedDatabase) {
        self.database = database
    }

    package func company(companyId: String, projectId: String) async throws -> Record? {
        let rows = try await database.transaction { sql in
            try await sql.rows(
                "SELECT record FROM companies WHERE company_id = ? AND project_id = ?", [.text(companyId), .text(projectId)]
            )
        }
        guard let row = rows.first else { return nil }
        do {
            return try TypedRecordJSON.decode(try row.text("record", table: Self.table))
        } catch let error as EmbeddedStoreError {
            throw error
        } catch {
            throw EmbeddedStoreError.corruptRow(table: Self.table, detail: "\(error)")
        }
    }

    package func put(_ record: Record) async throws {
        try await database.transaction { try await Self.write(record, $0) }
    }

    /// Creates or replaces one company record inside the caller's transaction.
    static func write(_ record: Record, _ sql: SQLSession) async throws {
        guard let companyId = record.nonEmptyString("company_id") else { throw EmbeddedStoreError.missingKeyAttribute("company_id") }
        guard let projectId = record.nonEmptyString("project_id") else { throw EmbeddedStoreError.missingKeyAttribute("project_id") }
        try await sql.run(
            "INSERT OR REPLACE INTO companies (company_id, project_id, record) VALUES (?, ?, ?)",
            [.text(companyId), .text(projectId), .text(try TypedRecordJSON.encode(record))]
        )
    }
}
