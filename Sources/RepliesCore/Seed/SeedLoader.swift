/// The `seed` use case: validates a seed file against what the backend already holds (the
/// secrets and live company records the file's conversations use), then writes it through a
/// ``SeedWriter``, which never replaces engine history unless told to.
///
/// ```swift
/// let loader = SeedLoader(secrets: ports.secrets, companies: ports.companies, writer: writer)
/// let issues = try await loader.check(document)
/// guard !issues.contains(where: { $0.severity == .error }) else { … exit 1 … }
/// let report = try await loader.write(document, replacingHistory: force)
/// ```
package struct SeedLoader: Sendable {
    let secrets: any SecretSource
    let companies: (any CompanyDirectory)?
    let writer: any SeedWriter

    package init(secrets: any SecretSource, companies: (any CompanyDirectory)?, writer: any SeedWriter) {
        self.secrets = secrets
        self.companies = companies
        self.writer = writer
    }

    /// Every problem of the file, errors first. Throws only when the backend cannot be read.
    package func check(_ document: SeedDocument) async throws -> [SeedIssue] {
        var context = SeedContext(hasCompanyDirectory: companies != nil)
        let references = SeedValidator.references(in: document)
        for name in references.secrets.sorted() {
            do {
                context.secrets[name] = try await secrets.secret(named: name)
            } catch SecretError.notFound {
                continue
            }
        }
        if let companies {
            for key in references.companies.sorted(by: { $0.description < $1.description }) {
                context.companies[key] = try await companies.company(companyId: key.companyId, projectId: key.projectId)
            }
        }
        return SeedValidator.validate(document, context: context)
    }

    /// Writes the checked file (``SeedDocument/prepared``): call only when ``check(_:)`` found
    /// no error.
    package func write(_ document: SeedDocument, replacingHistory: Bool) async throws -> SeedReport {
        try await writer.write(document.prepared, replacingHistory: replacingHistory)
    }
}
