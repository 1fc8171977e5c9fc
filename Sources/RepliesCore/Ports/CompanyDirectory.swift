/// Live company/project records (the template sender's CompanyDataTable), optional.
///
/// When present, the live `project_status` and `allowed_channels` override the snapshot copied
/// into each conversation, so deactivating a project stops replies on existing conversations.
package protocol CompanyDirectory: Sendable {
    func company(companyId: String, projectId: String) async throws -> Record?
    func put(_ record: Record) async throws
}
