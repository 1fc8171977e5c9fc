/// What the backend already holds that the seed file refers to without containing it: the
/// secrets and live company records its conversations use. Validation needs them to tell
/// whether a conversation can be answered.
///
/// ```swift
/// let references = SeedValidator.references(in: document)
/// var context = SeedContext(hasCompanyDirectory: ports.companies != nil)
/// for name in references.secrets { context.secrets[name] = try? await ports.secrets.secret(named: name) }
/// ```
package struct SeedContext: Sendable {
    /// Secrets found in the backend, by name (absent: not found).
    package var secrets: [String: [String: String]] = [:]
    /// Live company records found in the backend, by ``CompanyKey``.
    package var companies: [CompanyKey: Record] = [:]
    /// Whether the backend has a company directory (AWS: `COMPANY_DATA_TABLE` set).
    package var hasCompanyDirectory: Bool

    package init(hasCompanyDirectory: Bool) {
        self.hasCompanyDirectory = hasCompanyDirectory
    }
}

/// A company record's key: (company_id, project_id).
package struct CompanyKey: Sendable, Hashable, CustomStringConvertible {
    package var companyId: String
    package var projectId: String

    package init(companyId: String, projectId: String) {
        self.companyId = companyId
        self.projectId = projectId
    }

    /// The key of a record that has both ids as non-empty strings.
    package init?(record: Record) {
        guard let company = record.nonEmptyString("company_id"), let project = record.nonEmptyString("project_id") else { return nil }
        self.init(companyId: company, projectId: project)
    }

    package var description: String { "\(companyId)/\(projectId)" }
}

/// The secrets and company records a seed file's conversations refer to but do not contain.
package struct SeedReferences: Sendable, Hashable {
    package var secrets: Set<String> = []
    package var companies: Set<CompanyKey> = []
}
