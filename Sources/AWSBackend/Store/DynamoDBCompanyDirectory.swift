package import AWSCore
package import RepliesCore

/// ``CompanyDirectory`` on the template sender's CompanyDataTable (`COMPANY_DATA_TABLE`:
/// PK `company_id`, SK `project_id`).
///
/// ```swift
/// let companies = DynamoDBCompanyDirectory(dynamo: dynamo, table: "ai-multi-comms-company-data-dev")
/// let company = try await companies.company(companyId: "ci-aaa-001", projectId: "pi-aaa-001")
/// ```
package struct DynamoDBCompanyDirectory: CompanyDirectory {
    package let dynamo: DynamoDBClient
    package let table: String

    package init(dynamo: DynamoDBClient, table: String) {
        self.dynamo = dynamo
        self.table = table
    }

    package func company(companyId: String, projectId: String) async throws -> Record? {
        let key: DynamoDBItem = ["company_id": .s(companyId), "project_id": .s(projectId)]
        guard let item = try await dynamo.getItem(table: table, key: key, consistentRead: false) else { return nil }
        do {
            return try Record(item: item)
        } catch {
            throw AWSBackendError.malformedItem(table: table, detail: "\(error)")
        }
    }

    package func put(_ record: Record) async throws {
        guard record.nonEmptyString("company_id") != nil, record.nonEmptyString("project_id") != nil else {
            throw AWSBackendError.malformedItem(table: table, detail: "a company record needs non-empty company_id and project_id")
        }
        try await dynamo.putItem(table: table, item: DynamoDBItem(record: record))
    }
}
