package import RepliesCore

/// ``SeedWriter`` in memory: the conversations are checked and replaced in one step of their
/// store; companies and secrets cannot fail once the records are valid.
///
/// ```swift
/// let writer = InMemorySeedWriter(conversations: store, companies: directory, secrets: secrets)
/// let report = try await writer.write(data, replacingHistory: false)
/// ```
package struct InMemorySeedWriter: SeedWriter {
    let conversations: InMemoryConversationStore
    let companies: InMemoryCompanyDirectory
    let secrets: InMemorySecrets

    package init(conversations: InMemoryConversationStore, companies: InMemoryCompanyDirectory, secrets: InMemorySecrets) {
        self.conversations = conversations
        self.companies = companies
        self.secrets = secrets
    }

    package func write(_ data: SeedData, replacingHistory: Bool) async throws -> SeedReport {
        for record in data.companies where CompanyKey(record: record) == nil {
            throw SeedWriteError.failed(reason: "a company record has no company_id/project_id")
        }
        let changes = try await conversations.replace(data.conversations, replacingHistory: replacingHistory)
        for record in data.companies { try await companies.put(record) }
        for (name, value) in data.secrets { await secrets.set(name, value) }
        return SeedReport(conversations: changes, companies: data.companies.count, secrets: data.secrets.count)
    }
}
