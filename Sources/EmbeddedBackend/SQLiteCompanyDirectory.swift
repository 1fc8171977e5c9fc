package import RepliesCore

/// ``CompanyDirectory`` on the embedded database's `companies` table (keyed by company and
/// project id, records kept as lossless typed JSON). Lookups run on a read-only connection.
///
/// ```swift
/// try await backend.companies.put(companyRecord)
/// let live = try await backend.companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001")
/// ```
package struct SQLiteCompanyDirectory: CompanyDirectory {
    static let table = "companies"
    let database: EmbeddedDatabase
    /// Every webhook looks its company up: the decoded record is reused while its row is unchanged.
    let decoded = DecodedRecords<CompanyKey, Record>()
    private let byKey: LookupStatement

    struct CompanyKey: Hashable, Sendable {
        let companyId: String
        let projectId: String
    }

    init(database: EmbeddedDatabase) {
        self.database = database
        self.byKey = database.lookupStatement("SELECT record FROM companies WHERE company_id = ? AND project_id = ?", table: Self.table)
    }

    package func company(companyId: String, projectId: String) async throws -> Record? {
        try await database.lookup(byKey, [.text(companyId), .text(projectId)]) { try record(in: $0, companyId: companyId, projectId: projectId) }.first
    }

    /// The same lookup inside a transaction body, on the writer (``SQLiteBatchCommits``).
    func company(companyId: String, projectId: String, _ sql: SQLSession) throws -> Record? {
        try database.lookup(byKey, [.text(companyId), .text(projectId)], on: sql) { try record(in: $0, companyId: companyId, projectId: projectId) }.first
    }

    private func record(in row: LookupRow, companyId: String, projectId: String) throws -> Record {
        try row.bytes(0) { bytes in
            try decoded.value(key: CompanyKey(companyId: companyId, projectId: projectId), bytes: bytes) { text in
                do {
                    return try TypedRecordJSON.decode(text)
                } catch {
                    throw EmbeddedStoreError.corruptRow(table: Self.table, detail: "\(error)")
                }
            }
        }
    }

    package func put(_ record: Record) async throws {
        try await database.transaction { try Self.write(record, $0) }
    }

    /// Creates or replaces one company record inside the caller's transaction.
    static func write(_ record: Record, _ sql: SQLSession) throws {
        guard let companyId = record.nonEmptyString("company_id") else { throw EmbeddedStoreError.missingKeyAttribute("company_id") }
        guard let projectId = record.nonEmptyString("project_id") else { throw EmbeddedStoreError.missingKeyAttribute("project_id") }
        try sql.run(
            "INSERT OR REPLACE INTO companies (company_id, project_id, record) VALUES (?, ?, ?)",
            [.text(companyId), .text(projectId), .text(TypedRecordJSON.encode(record))]
        )
    }
}
