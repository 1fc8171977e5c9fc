package import RepliesCore

/// ``CompanyDirectory`` in memory, keyed by (company_id, project_id).
package actor InMemoryCompanyDirectory: CompanyDirectory {
    private var companies: [String: Record] = [:]

    package init() {}

    package func company(companyId: String, projectId: String) async throws -> Record? {
        companies[companyId + "#" + projectId]
    }

    package func put(_ record: Record) async throws {
        guard let company = record.nonEmptyString("company_id"), let project = record.nonEmptyString("project_id") else {
            throw ConversationError.missingAttribute("company_id/project_id")
        }
        companies[company + "#" + project] = record
    }
}
